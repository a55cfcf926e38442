// Plain JavaScript on purpose: lets a child process `require` the repository's TypeScript sources
// directly (node -r ./register-ts.js script.ts), compiled in memory by @swc/core with the same
// settings as jest.config.js, and `@mallcare/<lib>` resolved to libs/<lib>/src/index.ts as in
// tsconfig.base.json. Test support only: dist/ may be stale, and no ts-node/swc-node is installed.
'use strict';
const Module = require('node:module');
const { readFileSync } = require('node:fs');
const { join, resolve } = require('node:path');
const { transformSync } = require('@swc/core');

// libs/messaging/src/test-support -> the repository root
const root = resolve(__dirname, '..', '..', '..', '..');

const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function resolveMallcare(request, ...rest) {
  const lib = /^@mallcare\/([a-z-]+)$/.exec(request);
  return resolveFilename.call(this, lib ? join(root, 'libs', lib[1], 'src', 'index.ts') : request, ...rest);
};

Module._extensions['.ts'] = (module, filename) => {
  const { code } = transformSync(readFileSync(filename, 'utf8'), {
    filename,
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
      keepClassNames: true,
    },
    module: { type: 'commonjs' },
    sourceMaps: 'inline',
  });
  module._compile(code, filename);
};
