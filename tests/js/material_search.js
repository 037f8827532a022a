// Search a built site with Material's own search worker, in Node.
//
//   node material_search.js SITE_FOLDER QUERY
//
// SITE_FOLDER is one language's root (site/ or site/ru/): its search index and the
// worker Material copied there are used as a browser would use them. Prints the
// pages found (their locations in the index), best first, as JSON. Used by
// tests/test_site_i18n.py.
"use strict";
const fs = require("fs");
const path = require("path");
const vm = require("vm");

const [site, query] = process.argv.slice(2);
const scripts = path.join(site, "assets", "javascripts");
const worker = fs.readdirSync(path.join(scripts, "workers")).find((f) => f.endsWith(".min.js"));

let onMessage = null;
const replies = [];
globalThis.self = globalThis;
globalThis.addEventListener = (type, handler) => { if (type === "message") onMessage = handler; };
globalThis.postMessage = (message) => replies.push(message);
// The worker loads lunr's language modules with importScripts("../lunr/min/lunr.ru.min.js").
globalThis.importScripts = (...urls) => {
  for (const url of urls) {
    const file = path.join(scripts, "lunr", url.includes("/min/") ? "min" : "", path.basename(url));
    vm.runInThisContext(fs.readFileSync(file, "utf8"), { filename: file });
  }
};
vm.runInThisContext(fs.readFileSync(path.join(scripts, "workers", worker), "utf8"));

const index = JSON.parse(fs.readFileSync(path.join(site, "search", "search_index.json"), "utf8"));
(async () => {
  // Material's messages: 0 sets the index up, 2 is a query, 3 its result.
  await onMessage({ data: { type: 0, data: { ...index, options: { suggest: false } } } });
  await onMessage({ data: { type: 2, data: query } });
  const result = replies.find((message) => message.type === 3);
  if (!result) throw new Error("the worker gave no result");
  const pages = result.data.items.map((group) => group[0].location.split("#")[0]);
  console.log(JSON.stringify([...new Set(pages)]));
})().catch((error) => { console.error(error); process.exit(1); });
