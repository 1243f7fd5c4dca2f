/**
 * Command-line parsing for `redundancy-lens`, exactly the grammar of CLI.md:
 *
 *     redundancy-lens check [PATH...] [--format text|json|sarif|markdown] [--fail-on error|warning|never]
 *     redundancy-lens lsp --stdio
 *     redundancy-lens import kubernetes|k8s|compose PATH... [-o FILE] [--nodes FILE] [--system NAME]
 *                    [--check DESIGN [--format ...] [--fail-on ...]]
 *
 * Parsing never throws and never touches the file system; a bad command line becomes
 * `{ kind: 'error' }` with a one-line reason.
 */

export const FORMATS = ['text', 'json', 'sarif', 'markdown'] as const;
export type Format = (typeof FORMATS)[number];

export const FAIL_ON = ['error', 'warning', 'never'] as const;
export type FailOn = (typeof FAIL_ON)[number];

export type Command =
  { kind: 'help' } | { kind: 'version' } | { kind: 'check'; paths: string[]; format: Format; failOn: FailOn } | { kind: 'lsp' } | ImportCommand | RenderCommand | { kind: 'error'; message: string };

export const IMPORT_SOURCES = ['kubernetes', 'compose'] as const;
export type ImportSource = (typeof IMPORT_SOURCES)[number];

/** `import`: read manifests (or compose files) and write a design, or with `check` compare them with one. */
export interface ImportCommand {
  kind: 'import';
  source: ImportSource;
  /** Files, folders, or `-` for standard input. */
  paths: string[];
  output?: string;
  nodes?: string;
  system?: string;
  check?: string;
  format: Format;
  failOn: FailOn;
}

export const USAGE = `Usage:
  redundancy-lens check [PATH...] [--format text|json|sarif|markdown] [--fail-on error|warning|never]
  redundancy-lens lsp --stdio
  redundancy-lens import kubernetes|k8s PATH... [-o FILE] [--nodes FILE] [--system NAME]
  redundancy-lens import compose PATH... [-o FILE] [--system NAME]
  redundancy-lens import kubernetes|k8s|compose PATH... --check DESIGN [--format FORMAT] [--fail-on LEVEL]
  redundancy-lens render [PATH...] [--check]
  redundancy-lens --help | --version

Commands:
  check   Analyse design files. PATHs are files or folders; folders are searched
          for *.redundancy.yaml and *.redundancy.yml (node_modules and .git are
          skipped). No PATH means the current folder.
  lsp     Run the language server over standard input and output.
  import  Write a design from Kubernetes manifests (*.yaml, *.yml, *.json files or
          folders, - for stdin; kubectl get -o yaml, kustomize build and helm template
          output) or from docker-compose files. A comment on each component says where
          its values came from. Import problems are printed as warnings on stderr.
  render  Keep a generated \`\`\`mermaid diagram after each \`\`\`redundancy block of
          Markdown files (PATHs: *.md files, or folders searched for them), for
          GitHub. Touches nothing else; a second run changes nothing.

Options for check:
  --format FORMAT    text (default), json, sarif or markdown
  --fail-on LEVEL    error (default), warning or never: the lowest severity that
                     makes the command fail; accepted findings never do

Options for import:
  -o, --output FILE  write the design to FILE instead of standard output
  --nodes FILE       nodes as kubectl get nodes -o yaml prints them: zone and region
                     names, and how many pods a DaemonSet runs
  --system NAME      the design's system name (default: the shared namespace)
  --check DESIGN     compare DESIGN with the manifests and report drift (rule
                     manifest-drift) in --format; --fail-on as for check

Options for render:
  --check            write nothing; exit 1 if a file is out of date (for CI)

Exit status: 0 nothing reaches --fail-on (render: up to date), 1 something does, 2 the command could not run.
import: 0 a design was written, 2 no workload was found or a file could not be read.
Colour: text output is coloured on a terminal unless NO_COLOR is set; FORCE_COLOR forces it.
`;

export function parseArgs(argv: readonly string[]): Command {
  // --help and --version win wherever they appear before `--`, as people type them last.
  for (const arg of argv) {
    if (arg === '--') break;
    if (arg === '--help' || arg === '-h') return { kind: 'help' };
  }
  for (const arg of argv) {
    if (arg === '--') break;
    if (arg === '--version') return { kind: 'version' };
  }
  if (argv.length === 0) return error("no command given; try 'redundancy-lens --help'");
  const [command, ...rest] = argv;
  switch (command) {
    case 'check':
      return parseCheck(rest);
    case 'lsp':
      return parseLsp(rest);
    case 'import':
      return parseImport(rest);
    case 'render':
      return parseRender(rest);
    default:
      if (command.startsWith('-')) return error(`unknown option ${quote(command)}; try 'redundancy-lens --help'`);
      return error(`unknown command ${quote(command)}; the commands are check, lsp, import and render`);
  }
}

function parseCheck(args: readonly string[]): Command {
  const paths: string[] = [];
  let format: Format = 'text';
  let failOn: FailOn = 'error';
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--') {
      paths.push(...args.slice(i + 1));
      break;
    }
    if (arg.startsWith('-') && arg !== '-') {
      const eq = arg.indexOf('=');
      const name = eq === -1 ? arg : arg.slice(0, eq);
      if (name !== '--format' && name !== '--fail-on') return error(`unknown option ${quote(name)} for check; try 'redundancy-lens --help'`);
      let value: string | undefined;
      if (eq !== -1) value = arg.slice(eq + 1);
      else if (i + 1 < args.length && !args[i + 1].startsWith('--')) value = args[++i];
      if (name === '--format') {
        if (!isOneOf(FORMATS, value)) return badValue(name, value, FORMATS);
        format = value;
      } else {
        if (!isOneOf(FAIL_ON, value)) return badValue(name, value, FAIL_ON);
        failOn = value;
      }
      continue;
    }
    paths.push(arg);
  }
  return { kind: 'check', paths, format, failOn };
}

function parseLsp(args: readonly string[]): Command {
  let stdio = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--stdio') {
      stdio = true;
    } else if (arg.startsWith('--clientProcessId')) {
      // vscode-languageclient appends this to server arguments; the server may watch the pid.
      if (arg === '--clientProcessId') i++;
    } else if (arg.startsWith('-')) {
      return error(`unknown option ${quote(arg)} for lsp; the only transport is --stdio`);
    } else {
      return error(`lsp takes no arguments, got ${quote(arg)}`);
    }
  }
  if (!stdio) return error('lsp needs --stdio (the only transport)');
  return { kind: 'lsp' };
}

const IMPORT_ALIASES: Record<string, ImportSource> = { kubernetes: 'kubernetes', k8s: 'kubernetes', compose: 'compose' };

function parseImport(args: readonly string[]): Command {
  const [what, ...rest] = args;
  const source = what === undefined ? undefined : IMPORT_ALIASES[what];
  if (source === undefined) {
    if (what === undefined) return error('import needs a source: kubernetes (or k8s) or compose');
    return error(`cannot import ${quote(what)}; the sources are kubernetes (or k8s) and compose`);
  }
  const command: ImportCommand = { kind: 'import', source, paths: [], format: 'text', failOn: 'error' };
  let formatGiven = false;
  let failOnGiven = false;
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i];
    if (arg === '--') {
      command.paths.push(...rest.slice(i + 1));
      break;
    }
    if (!arg.startsWith('-') || arg === '-') {
      command.paths.push(arg);
      continue;
    }
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const name = eq === -1 ? arg : arg.slice(0, eq);
    let value: string | undefined;
    if (eq !== -1) value = arg.slice(eq + 1);
    else if (i + 1 < rest.length && (!rest[i + 1].startsWith('-') || rest[i + 1] === '-')) value = rest[++i];
    const missing = (what: string): Command | null => (value === undefined || value === '' ? error(`${name} needs ${what}`) : null);
    let problem: Command | null = null;
    switch (name) {
      case '-o':
      case '--output':
        problem = missing('a file name');
        command.output = value;
        break;
      case '--nodes':
        if (source !== 'kubernetes') return error('--nodes is for import kubernetes');
        problem = missing('a file (kubectl get nodes -o yaml)');
        command.nodes = value;
        break;
      case '--system':
        problem = missing('a name');
        command.system = value;
        break;
      case '--check':
        problem = missing('a design file');
        command.check = value;
        break;
      case '--format':
        if (!isOneOf(FORMATS, value)) return badValue(name, value, FORMATS);
        command.format = value;
        formatGiven = true;
        break;
      case '--fail-on':
        if (!isOneOf(FAIL_ON, value)) return badValue(name, value, FAIL_ON);
        command.failOn = value;
        failOnGiven = true;
        break;
      default:
        return error(`unknown option ${quote(name)} for import; try 'redundancy-lens --help'`);
    }
    if (problem) return problem;
  }
  const label = `import ${what}`;
  if (command.paths.length === 0) return error(`${label} needs a PATH: a file, a folder, or - for standard input`);
  if (command.paths.filter((p) => p === '-').length > 1) return error('- (standard input) can be given once');
  if (command.check !== undefined && command.output !== undefined) return error('--check compares and writes no design; leave out -o');
  if (command.check === undefined && (formatGiven || failOnGiven)) return error(`${formatGiven ? '--format' : '--fail-on'} is for import --check`);
  return command;
}

/** `render [PATH...] [--check]`: the diagrams of design documents, written into them. */
export interface RenderCommand {
  kind: 'render';
  paths: string[];
  check: boolean;
}

function parseRender(args: readonly string[]): Command {
  const paths: string[] = [];
  let check = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--') {
      paths.push(...args.slice(i + 1));
      break;
    }
    if (arg === '--check') check = true;
    else if (arg.startsWith('-') && arg !== '-') return error(`unknown option ${quote(arg)} for render; try 'redundancy-lens --help'`);
    else paths.push(arg);
  }
  return { kind: 'render', paths, check };
}

function isOneOf<T extends string>(allowed: readonly T[], value: string | undefined): value is T {
  return value !== undefined && (allowed as readonly string[]).includes(value);
}

function badValue(name: string, value: string | undefined, allowed: readonly string[]): Command {
  const list = `${allowed.slice(0, -1).join(', ')} or ${allowed[allowed.length - 1]}`;
  if (value === undefined || value === '') return error(`${name} needs a value: ${list}`);
  return error(`${name} must be ${list}, not ${quote(value)}`);
}

function error(message: string): Command {
  return { kind: 'error', message };
}

/** Quote user text for a one-line message: control characters and newlines are escaped. */
export function quote(text: string): string {
  return `'${text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)}'`;
}
