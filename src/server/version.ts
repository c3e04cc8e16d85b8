// Only `version` is taken from package.json: the bundler drops the rest of it from dist.
import { version } from '../../package.json'

/** This package's version, as `--version`, `GET /__mock/health` and `GET /__mock/` report it. */
export const VERSION: string = version
