import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv, type ValidateFunction } from 'ajv';

/**
 * The official X API v2 OpenAPI description (xdevplatform/xdk specs/openapi.json, MIT, copied with
 * its licence beside it) that the X sandbox validates request bodies against.
 */
export const X_OPENAPI_PATH = fileURLToPath(new URL('./specs/x-api-v2-openapi.json', import.meta.url));

const SPEC_ID = 'x-openapi';

/** One problem found in a body, in the shape X's 400 answers list them. */
export interface SpecProblem {
  message: string;
  parameters: Record<string, unknown[]>;
}

/**
 * Validates request bodies against named schemas of the X OpenAPI document. The document (0.8 MB)
 * is read and registered once per process; each schema is compiled on first use and cached by ajv.
 */
export class XSpecValidator {
  private static shared: XSpecValidator | undefined;
  private readonly ajv: Ajv;
  private readonly compiled = new Map<string, ValidateFunction>();

  private constructor(specPath: string) {
    const spec = JSON.parse(readFileSync(specPath, 'utf8')) as { components: unknown };
    // OpenAPI 3.0 keywords (nullable, example, discriminator…) are not JSON Schema: strict off.
    this.ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
    this.ajv.addSchema({ $id: SPEC_ID, components: spec.components });
  }

  static instance(specPath = X_OPENAPI_PATH): XSpecValidator {
    XSpecValidator.shared ??= new XSpecValidator(specPath);
    return XSpecValidator.shared;
  }

  /** Problems of `body` against `components.schemas.<schemaName>`; empty when valid. */
  validate(schemaName: string, body: unknown): SpecProblem[] {
    let validate = this.compiled.get(schemaName);
    if (!validate) {
      validate = this.ajv.getSchema(`${SPEC_ID}#/components/schemas/${schemaName}`);
      if (!validate) throw new Error(`X OpenAPI: no schema named ${schemaName}`);
      this.compiled.set(schemaName, validate);
    }
    if (validate(body)) return [];
    return (validate.errors ?? []).map((error) => {
      const field =
        error.instancePath.replace(/^\//, '').replace(/\//g, '.') ||
        (error.params as { additionalProperty?: string }).additionalProperty ||
        '(body)';
      return { message: `${field} ${error.message ?? 'is invalid'}`, parameters: { [field]: [error.params] } };
    });
  }
}
