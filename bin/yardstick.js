#!/usr/bin/env node
import { tuneHeap } from '../dist/cli/tune-heap.js';

// first, so that the heap is tuned before the suite is loaded
tuneHeap();
const { main } = await import('../dist/cli/main.js');

process.exitCode = await main(process.argv.slice(2));
