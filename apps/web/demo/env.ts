// What `pnpm demo` reads from the environment (flags take precedence); an empty value means unset.
const emptyAsAbsent = (value: string | undefined) => (value === "" ? undefined : value);

export function demoEnv() {
  return {
    apiUrl: emptyAsAbsent(process.env.CATSYPHON_API_URL),
    adminToken: emptyAsAbsent(process.env.CATSYPHON_ADMIN_TOKEN),
    collectorKey: emptyAsAbsent(process.env.CATSYPHON_COLLECTOR_KEY),
    collectorId: emptyAsAbsent(process.env.CATSYPHON_COLLECTOR_ID),
  };
}
