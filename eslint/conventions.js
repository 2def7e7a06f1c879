/**
 * The project's own lint rules: file names, import specifiers and the core packages' public
 * entry points. Kept as a local plugin so `npm run lint` enforces what the README states.
 */
import { basename, dirname, relative, resolve, sep } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const LIB = resolve(root, 'src/lib');
const CORE = resolve(LIB, 'core') + sep;

/** Modules are kebab-case (dot-separated suffixes such as `.test`, `.worker`, `.svelte`). */
const KEBAB_MODULE = /^\+?[a-z0-9]+(-[a-z0-9]+)*(\.[a-z0-9]+(-[a-z0-9]+)*)*\.(ts|js|mjs|cjs)$/;
/** Svelte components are PascalCase; SvelteKit's route files keep their `+` names. */
const PASCAL_COMPONENT = /^[A-Z][A-Za-z0-9]*\.svelte$/;
const ROUTE_FILE = /^\+[a-z]+(@[a-z]*)?\.svelte$/;

const fileName = {
  meta: {
    type: 'suggestion',
    messages: {
      module: "File name '{{name}}': modules are kebab-case (e.g. plan-form.ts, train.worker.ts).",
      component: "File name '{{name}}': Svelte components are PascalCase (e.g. RunHistory.svelte)."
    },
    schema: []
  },
  create(context) {
    return {
      Program(node) {
        const name = basename(context.filename);
        if (name.endsWith('.svelte')) {
          if (!PASCAL_COMPONENT.test(name) && !ROUTE_FILE.test(name))
            context.report({ node, messageId: 'component', data: { name } });
        } else if (!KEBAB_MODULE.test(name)) {
          context.report({ node, messageId: 'module', data: { name } });
        }
      }
    };
  }
};

/** Local specifiers: relative paths and SvelteKit's `$lib` alias. */
const isLocal = (spec) =>
  spec.startsWith('./') || spec.startsWith('../') || spec.startsWith('$lib/');
const HAS_EXTENSION = /\.(ts|js|mjs|svelte|json|css)(\?[a-z]+)?$|\?[a-z]+$/;

/** The nodes whose `source` is a module specifier. */
function eachSource(check) {
  const visit = (node) => {
    if (node.source && typeof node.source.value === 'string') check(node, node.source.value);
  };
  return {
    ImportDeclaration: visit,
    ExportNamedDeclaration: visit,
    ExportAllDeclaration: visit,
    ImportExpression: visit
  };
}

const importExtension = {
  meta: {
    type: 'suggestion',
    messages: {
      missing:
        "Import '{{spec}}' names no file: write the file with its extension (e.g. './plan.ts', '../forest/index.ts')."
    },
    schema: []
  },
  create(context) {
    return eachSource((node, spec) => {
      if (isLocal(spec) && !HAS_EXTENSION.test(spec))
        context.report({ node: node.source, messageId: 'missing', data: { spec } });
    });
  }
};

/** The absolute file a local specifier names (`$lib` resolved to src/lib). */
export function resolveLocal(filename, spec) {
  if (spec.startsWith('$lib/')) return resolve(LIB, spec.slice(5));
  return resolve(dirname(filename), spec);
}

/** `core/<package>/...` -> '<package>', or null outside a core package (core/random.ts). */
function corePackage(file) {
  if (!file.startsWith(CORE)) return null;
  const parts = relative(CORE, file).split(sep);
  return parts.length > 1 ? parts[0] : null;
}

const corePackageIndex = {
  meta: {
    type: 'problem',
    messages: {
      pastIndex:
        "Import '{{spec}}' reaches inside core/{{pkg}}: import it from '{{pkg}}/index.ts' (export it there if it is missing)."
    },
    schema: []
  },
  create(context) {
    const own = corePackage(context.filename);
    if (!own) return {};
    return eachSource((node, spec) => {
      if (!isLocal(spec)) return;
      const target = resolveLocal(context.filename, spec);
      const pkg = corePackage(target);
      if (pkg && pkg !== own && target !== resolve(CORE, pkg, 'index.ts'))
        context.report({ node: node.source, messageId: 'pastIndex', data: { spec, pkg } });
    });
  }
};

/** The layer a file belongs to (README "Project layout"), or null outside them. */
function layerOf(file) {
  const rel = relative(root, file).split(sep).join('/');
  if (rel.startsWith('src/lib/core/')) return 'core';
  if (rel.startsWith('src/lib/workers/')) return 'workers';
  if (rel.startsWith('src/lib/client/')) return 'client';
  if (rel.startsWith('src/lib/ui/') || rel.startsWith('src/routes/')) return 'ui';
  if (rel.startsWith('src/cli/')) return 'cli';
  return null;
}

/** What each layer may not import: one-way, core <- workers <- client <- ui; the CLI uses core. */
const FORBIDDEN = {
  core: ['workers', 'client', 'ui', 'cli'],
  workers: ['client', 'ui', 'cli'],
  client: ['ui', 'cli'],
  ui: ['workers', 'cli'],
  cli: ['workers', 'client', 'ui']
};

const isTypeOnly = (node) =>
  node.importKind === 'type' ||
  node.exportKind === 'type' ||
  (node.specifiers?.length > 0 && node.specifiers.every((s) => s.importKind === 'type'));

const layers = {
  meta: {
    type: 'problem',
    messages: {
      upward:
        "'{{spec}}': src/lib/{{from}} may not import from {{to}} (layers are one-way: core <- workers <- client <- ui; see README 'Project layout').",
      kit: "'{{spec}}': {{from}} code runs outside SvelteKit (workers, client logic, Node): no $app or $env.",
      uiValue:
        "'{{spec}}': the UI imports core only as types; take values through src/lib/client (or import type)."
    },
    schema: []
  },
  create(context) {
    const from = layerOf(context.filename);
    if (!from) return {};
    return eachSource((node, spec) => {
      if ((spec.startsWith('$app/') || spec.startsWith('$env/')) && from !== 'ui') {
        context.report({ node: node.source, messageId: 'kit', data: { spec, from } });
        return;
      }
      if (!isLocal(spec)) return;
      const to = layerOf(resolveLocal(context.filename, spec));
      if (!to || to === from) return;
      if (FORBIDDEN[from].includes(to))
        context.report({ node: node.source, messageId: 'upward', data: { spec, from, to } });
      else if (from === 'ui' && to === 'core' && !isTypeOnly(node))
        context.report({ node: node.source, messageId: 'uiValue', data: { spec } });
    });
  }
};

export default {
  meta: { name: 'exoforest-conventions' },
  rules: {
    'file-name': fileName,
    'import-extension': importExtension,
    'core-package-index': corePackageIndex,
    layers
  }
};
