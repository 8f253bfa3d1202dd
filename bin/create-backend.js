#!/usr/bin/env node
import { runCreate } from '../dist/cli/create.js';

await runCreate(process.argv);
