import { SenseiApiError } from '../../errors'
import type { Answer } from '../call'
import { accepts, acceptsJson, classifyContentType } from '../mediaTypes'
import { plainJson } from '../respond'
import { bodyMethods, type Exchange } from './exchange'

/**
 * A request body's `Content-Type` must be there and well-formed: the gateway answers 400
 * before the service looks (the troubleshooting guide's documented answer).
 */
export function contentType(exchange: Exchange): Answer | undefined {
  if (!bodyMethods.has(exchange.method)) return undefined
  exchange.contentType = classifyContentType(exchange.call.headers.get('content-type'))
  if (exchange.contentType !== 'invalid') return undefined
  return plainJson(400, { type: '/placeholder/type/uri', status: 400, title: 'BadRequestError', detail: 'A valid content-type must be specified' })
}

/** Content negotiation with the operation: an `Accept` the service cannot meet is 406, a body type it does not read is 415. */
export function negotiate(exchange: Exchange): undefined {
  const { call, operation } = exchange
  const accept = call.headers.get('accept')
  // An operation with a body of its own (a model artifact) also answers its own media type.
  if (!acceptsJson(accept) && !(operation?.produces !== undefined && accepts(accept, new Set([operation.produces])))) {
    throw new SenseiApiError(406, 'not-acceptable', `Accept '${accept}' admits neither application/json nor application/vnd.adobe.platform.sensei+json`)
  }
  if (operation?.multipart) {
    if (exchange.contentType !== 'multipart') {
      throw new SenseiApiError(415, 'unsupported-media-type', `Content-Type '${call.headers.get('content-type')}' is not supported; send multipart/form-data`)
    }
  } else if (operation?.body && exchange.contentType !== 'json' && !(operation.plainText && isPlainText(call.headers.get('content-type')))) {
    throw new SenseiApiError(415, 'unsupported-media-type', `Content-Type '${call.headers.get('content-type')}' is not supported; send application/json or application/vnd.adobe.platform.sensei+json;profile=${operation.profile}`)
  }
  return undefined
}

function isPlainText(header: string | null): boolean {
  return header?.split(';')[0]!.trim().toLowerCase() === 'text/plain'
}
