module.exports = { preset: "@catsyphon/testing" };
