/**
 * The standalone server that `npm run fuzz` drives: the command line's own main() from source
 * (test/reliability/helpers/soak-server.ts, through tsx, so no build is needed), on loopback and a
 * free port. Resolves once its banner is out, with its URL, a memory probe (a `memory` line on
 * stdin is answered with process.memoryUsage(), after a full GC when node has --expose-gc) and
 * a way to stop it.
 */
import { spawn } from 'node:child_process'
import { once } from 'node:events'

/**
 * @param {string} root the repository
 * @param {string[]} args the command line's flags (after --port 0 --host 127.0.0.1)
 * @param {{ nodeFlags?: string[], env?: Record<string, string> }} [options]
 */
export async function spawnServer(root, args, { nodeFlags = [], env = {} } = {}) {
  const child = spawn(process.execPath, [...nodeFlags, '--import', 'tsx', 'test/reliability/helpers/soak-server.ts', '--port', '0', '--host', '127.0.0.1', ...args], {
    cwd: root,
    stdio: ['pipe', 'pipe', 'pipe'],
    env: { ...process.env, ...env },
  })
  const exited = once(child, 'exit')
  let output = ''
  let errors = ''
  const samplers = []
  child.stdout.setEncoding('utf8')
  child.stderr.setEncoding('utf8')
  child.stderr.on('data', (chunk) => {
    errors += chunk
    process.stderr.write(chunk)
  })
  child.stdout.on('data', (chunk) => {
    output += chunk
    for (const line of chunk.split('\n')) {
      if (line.startsWith('memory ')) samplers.shift()?.(JSON.parse(line.slice('memory '.length)))
    }
  })
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the server did not start:\n${output}${errors}`)), 30_000)
    child.stdout.on('data', () => {
      const match = /the Sensei ML API at (http:\/\/\S+)/.exec(output)
      if (match && output.includes('Ctrl+C')) {
        clearTimeout(timer)
        resolve(match[1])
      }
    })
    child.once('exit', (code) => reject(new Error(`the server exited (${code}) before starting:\n${output}${errors}`)))
  })
  return {
    url,
    origin: new URL(url).origin,
    apiPath: new URL(url).pathname,
    pid: child.pid,
    /** What the server wrote to stderr so far. */
    stderr: () => errors,
    /** process.memoryUsage() of the server, after a full GC when it runs with --expose-gc. */
    memory: () =>
      new Promise((resolve) => {
        samplers.push(resolve)
        child.stdin.write('memory\n')
      }),
    /** Stops it with SIGTERM; resolves with its exit code. */
    async stop() {
      child.kill('SIGTERM')
      const [code] = await exited
      return code
    },
    exited,
  }
}
