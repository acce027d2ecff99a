// Decodes .drawio files with draw.io's own model code (mxGraph's mxCodec, the library draw.io is
// built on) under jsdom, and checks what Portolan promises of them: every cell of every page decodes,
// each vertex with its geometry inside its page, each edge with its source and target as cells of
// the model (not ids left dangling), and user objects (<object>) as their cells' values.
// Usage: node decode.cjs FILE.drawio... ; prints one summary line per page, exits 1 on a fault.
'use strict';
const fs = require('fs');
const { JSDOM } = require('jsdom');

const dom = new JSDOM('<!DOCTYPE html><html><body></body></html>');
for (const name of ['window', 'document', 'navigator', 'XMLSerializer', 'DOMParser', 'Node', 'XMLHttpRequest'])
  global[name] = name === 'window' ? dom.window : dom.window[name];
const mx = require('mxgraph')({ mxLoadResources: false, mxLoadStylesheets: false });
// mxCodec finds a node's class by its name on window, as in the browser draw.io runs in.
for (const name of ['mxGraphModel', 'mxCell', 'mxGeometry', 'mxPoint', 'mxRectangle'])
  dom.window[name] = mx[name];

let faults = 0;
const fault = (what) => { console.error('FAULT ' + what); ++faults; };

for (const file of process.argv.slice(2)) {
  const doc = mx.mxUtils.parseXml(fs.readFileSync(file, 'utf8'));
  const diagrams = doc.documentElement.getElementsByTagName('diagram');
  if (diagrams.length === 0) fault(file + ': no diagram');
  for (let d = 0; d < diagrams.length; ++d) {
    const diagram = diagrams[d];
    const where = file + ' page ' + (d + 1) + ' (' + diagram.getAttribute('name') + ')';
    const inFile = diagram.getElementsByTagName('mxGraphModel')[0];
    if (!inFile) { fault(where + ': no mxGraphModel'); continue; }
    // Each page in a document of its own, as draw.io reads a diagram (ids repeat across pages).
    const node = mx.mxUtils.parseXml(mx.mxUtils.getXml(inFile)).documentElement;
    const width = Number(node.getAttribute('pageWidth')), height = Number(node.getAttribute('pageHeight'));
    const written = node.getElementsByTagName('mxCell').length; // before decoding, which moves them
    const model = new mx.mxGraphModel();
    new mx.mxCodec(node.ownerDocument).decode(node, model);
    const cells = Object.values(model.cells || {});
    if (cells.length !== written) fault(`${where}: ${written} cells written, ${cells.length} decoded`);
    let vertices = 0, edges = 0;
    for (const cell of cells) {
      if (cell.vertex) {
        ++vertices;
        const g = model.getGeometry(cell);
        if (!g || !(g.width > 0) || !(g.height > 0)) { fault(`${where}: vertex ${cell.id} has no geometry`); continue; }
        // Where it lies on the page: its parents' origins added (containers hold their members).
        let x = g.x, y = g.y;
        for (let p = model.getParent(cell); p && p.vertex; p = model.getParent(p)) {
          const pg = model.getGeometry(p);
          x += pg.x; y += pg.y;
        }
        if (x < -0.5 || y < -0.5 || x + g.width > width + 0.5 || y + g.height > height + 0.5)
          fault(`${where}: vertex ${cell.id} at ${x},${y} ${g.width}x${g.height} outside the page ${width}x${height}`);
      } else if (cell.edge) {
        ++edges;
        const source = model.getTerminal(cell, true), target = model.getTerminal(cell, false);
        if (!source || !target || !source.vertex || !target.vertex)
          fault(`${where}: edge ${cell.id} is not joined to two vertices`);
        const g = model.getGeometry(cell);
        if (!g || !g.relative) fault(`${where}: edge ${cell.id} has no relative geometry`);
      }
    }
    console.log(`${where}: ${cells.length} cells, ${vertices} vertices, ${edges} edges decoded`);
  }
}
process.exit(faults === 0 ? 0 : 1);
