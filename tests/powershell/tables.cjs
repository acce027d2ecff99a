// Reads the tables of generated port test scripts from their tree-sitter-powershell
// parse trees: for each assignment `$NAME = @( @{ Key = value; ... } ... )` whose
// NAME is given, the hash literals in it. Prints JSON, one entry per file:
//   { FILE: { "errors": [...], "tables": { NAME: [ { Key: value } ] } } }
// and, per function, the calls (commands and $variable.Method) inside its first
// try block, its finally block and the whole function:
//   "functions": { NAME: { "try": [...], "finally": [...], "all": [...] } }
// where a value is { "string": TEXT } for a single-quoted literal (TEXT unquoted:
// nothing in it can run), { "array": [numbers] } for @(1, 2), and
// { "other": TYPE, "text": TEXT } for anything else, which no table should hold.
// Usage: node tables.cjs NAME[,NAME...] FILE... ; exit code 0, or 2 when the parser cannot load.
// (One run for many files: loading the grammar takes seconds.)
'use strict';
const fs = require('fs');
const { Parser, Language } = require('web-tree-sitter');

const quotes = new Set(["'", '\u2018', '\u2019', '\u201a', '\u201b']);

function unquote(text) {
  let out = '';
  for (let i = 1; i < text.length - 1; ++i) {
    out += text[i];
    if (quotes.has(text[i]) && quotes.has(text[i + 1])) ++i;
  }
  return out;
}

// The node a hash entry's value boils down to, through the expression wrappers.
function valueNode(node) {
  while (node.namedChildCount === 1 && node.type !== 'string_literal' && node.type !== 'array_expression')
    node = node.namedChildren[0];
  return node;
}

function value(pipeline) {
  const node = valueNode(pipeline);
  if (node.type === 'string_literal' && node.namedChildCount === 1 &&
      node.namedChildren[0].type === 'verbatim_string_characters')
    return { string: unquote(node.namedChildren[0].text) };
  if (node.type === 'array_expression') {
    const numbers = [];
    const visit = (n) => {
      if (n.type === 'decimal_integer_literal') numbers.push(Number(n.text));
      else if (n.type === 'string_literal' || n.type === 'variable' || n.type === 'command')
        numbers.push({ other: n.type, text: n.text });
      else for (const c of n.namedChildren) visit(c);
    };
    visit(node);
    return { array: numbers };
  }
  return { other: node.type, text: node.text };
}

function hashes(node, out) {
  if (node.type === 'hash_literal_expression') {
    const entry = {};
    const body = node.namedChildren.find((c) => c.type === 'hash_literal_body');
    for (const e of body ? body.namedChildren : []) {
      if (e.type !== 'hash_entry') continue;
      const key = e.namedChildren.find((c) => c.type === 'key_expression');
      const val = e.namedChildren.find((c) => c.type === 'pipeline');
      entry[key.text] = val ? value(val) : null;
    }
    out.push(entry);
    return;
  }
  for (const c of node.namedChildren) hashes(c, out);
}

// Commands ("New-NetFirewallRule") and method calls ("$added.Add") under a node, in order.
function calls(node, out) {
  if (node.type === 'command') {
    const name = node.namedChildren.find((c) => c.type === 'command_name');
    if (name) out.push(name.text);
  } else if (node.type === 'invokation_expression') {
    const member = node.namedChildren.find((c) => c.type === 'member_name');
    if (member) out.push(`${node.namedChildren[0].text}.${member.text}`);
  }
  for (const c of node.namedChildren) calls(c, out);
  return out;
}

function firstOfType(node, type) {
  if (node.type === type) return node;
  for (const c of node.namedChildren) {
    const found = firstOfType(c, type);
    if (found) return found;
  }
  return null;
}

function functions(root) {
  const out = {};
  const visit = (node) => {
    if (node.type === 'function_statement') {
      const name = node.namedChildren.find((c) => c.type === 'function_name');
      const entry = { try: [], finally: [], all: calls(node, []) };
      const attempt = firstOfType(node, 'try_statement');
      if (attempt) {
        const body = attempt.namedChildren.find((c) => c.type === 'statement_block');
        const cleanup = attempt.namedChildren.find((c) => c.type === 'finally_clause');
        if (body) entry.try = calls(body, []);
        if (cleanup) entry.finally = calls(cleanup, []);
      }
      out[name ? name.text : '?'] = entry;
    }
    for (const c of node.namedChildren) visit(c);
  };
  visit(root);
  return out;
}

function read(parser, file, names) {
  const tree = parser.parse(fs.readFileSync(file, 'utf8'));
  const result = { errors: [], tables: {} };
  const errors = (node) => {
    if (node.isError || node.isMissing)
      result.errors.push(`${node.startPosition.row + 1}:${node.startPosition.column + 1}: ${node.type}`);
    else if (node.hasError)
      for (const c of node.children) errors(c);
  };
  errors(tree.rootNode);
  const visit = (node) => {
    if (node.type === 'assignment_expression') {
      const left = node.namedChildren[0];
      const name = left.text.replace(/^\$/, '');
      if (names.includes(name)) {
        const rows = [];
        hashes(node.namedChildren[node.namedChildCount - 1], rows);
        result.tables[name] = rows;
        return;
      }
    }
    for (const c of node.namedChildren) visit(c);
  };
  visit(tree.rootNode);
  result.functions = functions(tree.rootNode);
  return result;
}

async function main(names, files) {
  await Parser.init();
  const language = await Language.load(require.resolve('tree-sitter-powershell/tree-sitter-powershell.wasm'));
  const parser = new Parser();
  parser.setLanguage(language);
  const out = {};
  for (const file of files) out[file] = read(parser, file, names);
  process.stdout.write(JSON.stringify(out));
  return 0;
}

// exitCode rather than exit(): exit() would cut off the JSON still queued for a pipe.
main(process.argv[2].split(','), process.argv.slice(3)).then(
  (code) => { process.exitCode = code; },
  (error) => {
    console.error(`cannot load the PowerShell parser: ${error.message}`);
    process.exit(2);
  });
