#!/usr/bin/env node
// Launcher for `npx safehub …`: runs the TypeScript CLI through tsx on the pinned Node runtime.
import { register } from 'tsx/esm/api';
register();
await import('../src/main/cli.ts');
