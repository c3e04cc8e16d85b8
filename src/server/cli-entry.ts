// Runs the command line from source (the bin runs the built dist/server.js).
import { main } from './cli'

await main(process.argv.slice(2))
