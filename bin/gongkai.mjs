#!/usr/bin/env node
// The CLI is bundled by `npm run build` (run by `npm ci` through `prepare`) to start fast.
import '../dist/cli.mjs';
