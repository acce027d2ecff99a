// Prints the outline of PowerShell scripts as tree-sitter-powershell reads them:
// "file PATH", then "param NAME" for each parameter of the script's own param block, then
// "command NAME" for each command the script runs (once each, sorted), so that
// tests can check a script's interface and that it runs only what it should.
// Syntax errors are printed as FILE:LINE:COLUMN. Exit code: 0, 1 on a syntax
// error, 2 when the parser cannot load. Install with: npm ci --prefix tests/powershell
'use strict';
const fs = require('fs');
const { Parser, Language } = require('web-tree-sitter');

async function main(files) {
  await Parser.init();
  const language = await Language.load(require.resolve('tree-sitter-powershell/tree-sitter-powershell.wasm'));
  const parser = new Parser();
  parser.setLanguage(language);
  let errors = 0;
  for (const file of files) {
    console.log(`file ${file}`);
    const root = parser.parse(fs.readFileSync(file, 'utf8')).rootNode;
    const commands = new Set();
    const visit = (node) => {
      if (node.isError || node.isMissing) {
        ++errors;
        console.log(`${file}:${node.startPosition.row + 1}:${node.startPosition.column + 1}: syntax error`);
        return;
      }
      if (node.type === 'command_name')
        commands.add(node.text);
      for (const child of node.children) visit(child);
    };
    visit(root);
    const block = root.namedChildren.find((n) => n.type === 'param_block');
    const list = block && block.namedChildren.find((n) => n.type === 'parameter_list');
    for (const parameter of list ? list.namedChildren : []) {
      const variable = parameter.namedChildren.find((n) => n.type === 'variable');
      if (variable) console.log(`param ${variable.text.replace(/^\$/, '')}`);
    }
    for (const command of [...commands].sort()) console.log(`command ${command}`);
  }
  return errors === 0 ? 0 : 1;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error) => {
    console.error(`cannot load the PowerShell parser: ${error.message}`);
    process.exit(2);
  });
