const path = require("node:path");

// ES-module-only packages the schema checks load, compiled to CommonJS by the preset's SWC transform.
const esmOnlyPackages = ["kubernetes-models", "@kubernetes-models", "is-cidr", "cidr-regex"];

module.exports = {
  preset: "@catsyphon/testing",
  resolver: path.join(__dirname, "jest-resolver.js"),
  transformIgnorePatterns: [`/node_modules/(?!.*(${esmOnlyPackages.join("|")})/)`],
};
