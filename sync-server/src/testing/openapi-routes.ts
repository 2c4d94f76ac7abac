import type { App } from '../app';

/** The subset of JSON Schema our route schemas use (for building request bodies in tests). */
export interface JsonSchema {
  type?: string | string[];
  format?: string;
  enum?: unknown[];
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  minimum?: number;
  required?: string[];
}

export interface ApiRoute {
  method: string;
  /** OpenAPI template, e.g. `/v1/users/{id}`. */
  path: string;
  secured: boolean;
  body: JsonSchema | undefined;
}

interface OpenApiDocument {
  paths: Record<
    string,
    Record<
      string,
      { security?: unknown[]; requestBody?: { content?: Record<string, { schema?: JsonSchema }> } }
    >
  >;
}

/** Every route of the app, read from its generated OpenAPI document: a new route is covered at once. */
export async function apiRoutes(app: App): Promise<ApiRoute[]> {
  const res = await app.request('/openapi.json');
  const doc = (await res.json()) as OpenApiDocument;
  return Object.entries(doc.paths).flatMap(([path, operations]) =>
    Object.entries(operations).map(([method, op]) => ({
      method: method.toUpperCase(),
      path,
      secured: (op.security?.length ?? 0) > 0,
      body: op.requestBody?.content?.['application/json']?.schema,
    })),
  );
}
