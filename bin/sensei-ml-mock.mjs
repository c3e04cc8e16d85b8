#!/usr/bin/env node
import { main } from '../dist/server.js'

await main(process.argv.slice(2))
