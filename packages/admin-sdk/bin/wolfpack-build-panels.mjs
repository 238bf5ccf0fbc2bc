#!/usr/bin/env node
// `wolfpack-build-panels [--force]`, run in a resource type package's folder (its
// `npm run build`): builds its console panel modules with the admin SDK's preset, and its
// engine module. Skips what is newer than its sources.
import { buildPackagePanels } from '../build-panels.mjs';

await buildPackagePanels(process.cwd(), { force: process.argv.includes('--force') });
