import type { z } from 'zod';

/** The little of a zod schema's definition that {@link knownKeys} walks. */
interface SchemaNode {
  def: {
    type: string;
    innerType?: SchemaNode;
    in?: SchemaNode;
    shape?: Record<string, SchemaNode>;
    element?: SchemaNode;
    valueType?: SchemaNode;
  };
}

/** The keys the schema has at `path` (an object's, through defaults, arrays and records), for "did you mean". */
export function knownKeys(schema: z.ZodType, path: ReadonlyArray<PropertyKey>): string[] {
  const unwrap = (node: SchemaNode | undefined): SchemaNode | undefined => {
    let current = node;
    while (current && (current.def.innerType || current.def.type === 'pipe'))
      current = current.def.innerType ?? current.def.in;
    return current;
  };
  let node = unwrap(schema as unknown as SchemaNode);
  for (const key of path) {
    const def = node?.def;
    node = unwrap(def?.shape?.[String(key)] ?? def?.element ?? def?.valueType);
  }
  return Object.keys(node?.def.shape ?? {});
}
