// One lint configuration for the whole monorepo; each package's `lint` script runs `eslint .` against it.
import js from "@eslint/js";
import prettier from "eslint-config-prettier";
import globals from "globals";
import tseslint from "typescript-eslint";

export default tseslint.config(
  {
    ignores: [
      "**/node_modules/**",
      "**/dist/**",
      "**/.turbo/**",
      "**/.next/**",
      "**/coverage/**",
      "**/src/generated/**",
      ".data/**",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
      eqeqeq: ["error", "smart"],
      // Configuration is read in one place per app/package (its env module), validated with zod.
      "no-restricted-properties": [
        "error",
        {
          object: "process",
          property: "env",
          message: "Read configuration through the env module (env.ts).",
        },
      ],
    },
  },
  {
    // The places allowed to touch process.env: env modules, config files, tests and benchmarks (which hand an
    // environment to the processes they start).
    files: [
      "**/env.ts",
      "**/env/**/*.ts",
      "**/test/**/*.ts",
      "**/bench/**/*.ts",
      "**/*.test.ts",
      "**/*.config.{js,mjs,ts}",
    ],
    rules: { "no-restricted-properties": "off" },
  },
  {
    // Jest presets and configs are CommonJS.
    files: ["**/*.js", "**/*.cjs"],
    languageOptions: { sourceType: "commonjs" },
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },
  prettier,
);
