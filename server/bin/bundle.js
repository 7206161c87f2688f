'use strict';
// Loads bundle `name` (dist/<name>.js, made by scripts/bundle.mjs): dist/ is beside bin/ in the
// magento-integration-check package, and at the repository's root in a development build (npm run build).
const { existsSync } = require('fs');
const path = require('path');

module.exports = function load(name) {
  for (const dist of [path.join(__dirname, '..', 'dist'), path.join(__dirname, '..', '..', 'dist')]) {
    const file = path.join(dist, `${name}.js`);
    if (existsSync(file)) return require(file);
  }
  process.stderr.write(`${path.basename(process.argv[1] || name)}: dist/${name}.js is missing; run npm run build first.\n`);
  process.exit(2);
};
