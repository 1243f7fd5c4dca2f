/**
 * Command-line parsing for `redundancy-lens`, exactly the grammar of CLI.md:
 *
 *     redundancy-lens check [PATH...] [--format text|json|sarif|markdown] [--fail-on error|warning|never]
 *     redundancy-lens lsp --stdio
 *
 * Parsing never throws and never touches the file system; a bad command line becomes
 * `{ kind: 'error' }` with a one-line reason.
 */

export const FORMATS = ['text', 'json', 'sarif', 'markdown'] as const;
export type Format = (typeof FORMATS)[number];

export const FAIL_ON = ['error', 'warning', 'never'] as const;
export type FailOn = (typeof FAIL_ON)[number];

export type Command =
  | { kind: 'help' }
  | { kind: 'version' }
  | { kind: 'check'; paths: string[]; format: Format; failOn: FailOn }
  | { kind: 'lsp' }
  | RenderCommand
  | { kind: 'error'; message: string };

export const USAGE = `Usage:
  redundancy-lens check [PATH...] [--format text|json|sarif|markdown] [--fail-on error|warning|never]
  redundancy-lens lsp --stdio
  redundancy-lens render [PATH...] [--check]
  redundancy-lens --help | --version

Commands:
  check   Analyse design files. PATHs are files or folders; folders are searched
          for *.redundancy.yaml and *.redundancy.yml (node_modules and .git are
          skipped). No PATH means the current folder.
  lsp     Run the language server over standard input and output.
  render  Keep a generated \`\`\`mermaid diagram after each \`\`\`redundancy block of
          Markdown files (PATHs: *.md files, or folders searched for them), for
          GitHub. Touches nothing else; a second run changes nothing.

Options for check:
  --format FORMAT    text (default), json, sarif or markdown
  --fail-on LEVEL    error (default), warning or never: the lowest severity that
                     makes the command fail; accepted findings never do

Options for render:
  --check            write nothing; exit 1 if a file is out of date (for CI)

Exit status: 0 nothing reaches --fail-on (render: up to date), 1 something does, 2 the command could not run.
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
    case 'render':
      return parseRender(rest);
    default:
      if (command.startsWith('-')) return error(`unknown option ${quote(command)}; try 'redundancy-lens --help'`);
      return error(`unknown command ${quote(command)}; the commands are check, lsp and render`);
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
