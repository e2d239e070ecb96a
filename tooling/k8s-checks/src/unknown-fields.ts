// kubernetes-models' validate() checks types, required fields and formats, but the Kubernetes schemas it is
// generated from do not forbid extra properties, so a misspelled field (livenessProb) passes it, and the API server
// would drop it silently. This walks an object next to its TypeScript declaration (model-types.ts) and reports
// every field the declaration does not have.
import path from "node:path";
import ts from "typescript";

const MODEL_TYPES_FILE = path.join(__dirname, "model-types.ts");

let cached: { checker: ts.TypeChecker; types: Map<string, ts.Type> } | undefined;

function declarations() {
  if (cached) return cached;
  const program = ts.createProgram([MODEL_TYPES_FILE], {
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    target: ts.ScriptTarget.ES2022,
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    types: [],
  });
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(MODEL_TYPES_FILE);
  const moduleSymbol = source && checker.getSymbolAtLocation(source);
  if (!moduleSymbol) throw new Error(`cannot read the type declarations in ${MODEL_TYPES_FILE}`);
  const types = new Map<string, ts.Type>();
  for (const exported of checker.getExportsOfModule(moduleSymbol)) {
    const target = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
    types.set(exported.name, checker.getDeclaredTypeOfSymbol(target));
  }
  cached = { checker, types };
  return cached;
}

/** Kinds whose fields can be checked (the exports of model-types.ts). */
export function checkableKinds(): string[] {
  return [...declarations().types.keys()];
}

/** Paths of the fields of `object` that its kind does not declare, e.g. `spec.template.spec.containers[0].livenessProb`. */
export function unknownFields(kind: string, object: unknown): string[] {
  const { checker, types } = declarations();
  const type = types.get(kind);
  if (!type) return [`${kind}: no type declaration to check its fields against`];
  const found: string[] = [];
  walk(checker, object, type, "", found);
  return found;
}

function objectMembers(checker: ts.TypeChecker, type: ts.Type): ts.Type[] {
  const members = type.isUnion() ? type.types : [type];
  return members
    .map((member) => checker.getNonNullableType(member))
    .filter((member) => member.flags & ts.TypeFlags.Object);
}

function walk(checker: ts.TypeChecker, value: unknown, type: ts.Type, at: string, found: string[]): void {
  if (value === null || typeof value !== "object") return; // scalars: validate() checks their types
  if (type.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) return;
  const members = objectMembers(checker, type);
  if (Array.isArray(value)) {
    const arrayType = members.find((member) => checker.isArrayType(member));
    const element = arrayType && checker.getTypeArguments(arrayType as ts.TypeReference)[0];
    if (element) value.forEach((item, index) => walk(checker, item, element, `${at}[${index}]`, found));
    return;
  }
  const shapes = members.filter((member) => !checker.isArrayType(member));
  if (shapes.length === 0) return;
  const indexTypes = shapes
    .map((shape) => checker.getIndexTypeOfType(shape, ts.IndexKind.String))
    .filter((index): index is ts.Type => index !== undefined);
  // A bare `object` or `{}` (free-form data) declares nothing to hold a field against.
  if (indexTypes.length === 0 && shapes.every((shape) => shape.getProperties().length === 0)) return;
  for (const [key, child] of Object.entries(value)) {
    const field = at ? `${at}.${key}` : key;
    const owner = shapes.find((shape) => shape.getProperty(key));
    const property = owner?.getProperty(key);
    if (property) walk(checker, child, checker.getTypeOfSymbol(property), field, found);
    else if (indexTypes[0]) walk(checker, child, indexTypes[0], field, found);
    else found.push(field);
  }
}
