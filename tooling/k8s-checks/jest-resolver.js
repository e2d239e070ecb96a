// kubernetes-models and @kubernetes-models/* export ES modules only (an "import" condition and nothing else), which
// Jest's CommonJS resolution cannot find: a request that fails with the usual conditions is resolved again with
// "import". SWC then compiles those files to CommonJS (transformIgnorePatterns in jest.config.js).
module.exports = (request, options) => {
  try {
    return options.defaultResolver(request, options);
  } catch {
    return options.defaultResolver(request, { ...options, conditions: ["import", "node", "default"] });
  }
};
