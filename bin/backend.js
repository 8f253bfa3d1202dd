#!/usr/bin/env node
import { runBackend } from '../dist/cli/backend.js';

await runBackend(process.argv);
