// Parses PowerShell files with tree-sitter-powershell (web-tree-sitter and its
// .wasm grammar) and prints each syntax error as FILE:LINE:COLUMN. Exit code:
// 0 when every file parses, 1 when one does not, 2 when the parser cannot load.
// Install once with: npm ci --prefix tests/powershell
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
    const tree = parser.parse(fs.readFileSync(file, 'utf8'));
    const visit = (node) => {
      if (node.isError || node.isMissing) {
        ++errors;
        const what = node.isMissing ? `missing ${node.type}` : 'syntax error';
        const text = node.text.slice(0, 60).replace(/\s+/g, ' ');
        console.log(`${file}:${node.startPosition.row + 1}:${node.startPosition.column + 1}: ${what}: ${text}`);
        return;
      }
      for (const child of node.children) visit(child);
    };
    if (tree.rootNode.hasError) visit(tree.rootNode);
  }
  return errors === 0 ? 0 : 1;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error) => {
    console.error(`cannot load the PowerShell parser: ${error.message}`);
    process.exit(2);
  });
