// Import cycles through relative imports, type-only imports included. eslint-plugin-import-x's
// `no-cycle` skips `import type`, and both cycles this codebase had went through types: harmless
// at runtime, but they tie modules together that read as layers (a processor and its helpers).
// Cycles between workspace packages cannot happen: `tsc -b` refuses circular project references.
const fs = require('node:fs');
const path = require('node:path');

const IMPORT = /(?:^|\n)\s*(?:import|export)\s[^;]*?\sfrom\s+['"](\.{1,2}\/[^'"]*|\.{1,2})['"]/g;

/** Resolved relative imports per file, keyed by path and modification time. */
const cache = new Map();

function resolve(from, specifier) {
  const base = path.resolve(path.dirname(from), specifier);
  for (const candidate of [`${base}.ts`, path.join(base, 'index.ts'), base]) {
    if (candidate.endsWith('.ts') && fs.existsSync(candidate)) return candidate;
  }
  return null;
}

function importsOf(file) {
  let stat;
  try {
    stat = fs.statSync(file);
  } catch {
    return [];
  }
  const cached = cache.get(file);
  if (cached && cached.mtimeMs === stat.mtimeMs) return cached.targets;
  const source = fs.readFileSync(file, 'utf8');
  const targets = [...new Set([...source.matchAll(IMPORT)].map((m) => resolve(file, m[1])).filter(Boolean))];
  cache.set(file, { mtimeMs: stat.mtimeMs, targets });
  return targets;
}

/** A path of imports from `start` back to `target`, or null. */
function pathBack(start, target) {
  const seen = new Set([start]);
  const previous = new Map();
  const queue = [start];
  while (queue.length > 0) {
    const file = queue.shift();
    for (const next of importsOf(file)) {
      if (next === target) {
        const chain = [file];
        while (previous.has(chain[0])) chain.unshift(previous.get(chain[0]));
        return chain;
      }
      if (seen.has(next)) continue;
      seen.add(next);
      previous.set(next, file);
      queue.push(next);
    }
  }
  return null;
}

module.exports = {
  meta: {
    type: 'problem',
    docs: { description: 'Forbid import cycles through relative imports, type-only imports included' },
    schema: [],
    messages: {
      cycle: 'import cycle: {{chain}} imports this file back; move the shared part (often a type) into a module both can import',
    },
  },
  create(context) {
    const file = context.filename;
    const check = (node) => {
      const specifier = node.source && node.source.value;
      if (typeof specifier !== 'string' || !specifier.startsWith('.')) return;
      const target = resolve(file, specifier);
      if (!target || target === file) return;
      // Lint sees the file being edited; the rest of the graph is read from disk.
      cache.delete(file);
      const chain = pathBack(target, file);
      if (!chain) return;
      const dir = path.dirname(file);
      context.report({
        node: node.source,
        messageId: 'cycle',
        data: { chain: chain.map((f) => path.relative(dir, f) || '.').join(' → ') },
      });
    };
    return { ImportDeclaration: check, ExportNamedDeclaration: check, ExportAllDeclaration: check };
  },
};
