#!/usr/bin/env node
import('../dist/cli/panfab.js').then((m) => m.main(process.argv.slice(2), 'panfab'));
