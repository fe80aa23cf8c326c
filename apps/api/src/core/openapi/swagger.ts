import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import type { AppConfig } from '../config/app-config';

export const DOCS_PATH = 'api/docs';
export const DOCS_JSON_PATH = 'api/docs-json';

export function buildOpenApiDocument(app: INestApplication, config: AppConfig): OpenAPIObject {
  const builder = new DocumentBuilder()
    .setTitle('Central Tickets API')
    .setDescription(
      [
        'The tenant API of Central Tickets: tickets, categories and tenant settings, the public sign-up, and the sign-in flows of external apps (authentication redirect, JWT login) with the portal session they begin.',
        '',
        'Authenticate with a tenant API token, either as `Authorization: Bearer ct_…` or as `X-Tenant-API-Token: ct_…`.',
        'Every answer carries `X-Correlation-Id`; every error is a JSON envelope with `message`, `error`, `code` and `correlation_id`',
        '(422 answers add `errors` per field, 429 answers `retry_after`).',
      ].join('\n'),
    )
    .setVersion('1.0')
    .addServer(config.publicBaseUrl)
    .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'A tenant API token (`ct_…`).' }, 'bearer')
    .addApiKey({ type: 'apiKey', in: 'header', name: 'X-Tenant-API-Token', description: 'The same token, in its own header.' }, 'api-token-header')
    .addCookieAuth(
      'ct_session',
      { type: 'apiKey', in: 'cookie', name: 'ct_session', description: 'A portal session (`__Host-ct_session` over https), set by `/auth/callback` or a JWT login on the portal host. Writes also need `X-CSRF-Token`.' },
      'session',
    )
    .build();
  return SwaggerModule.createDocument(app, builder);
}

export function setupSwagger(app: INestApplication, config: AppConfig): void {
  SwaggerModule.setup(DOCS_PATH, app, () => buildOpenApiDocument(app, config), {
    jsonDocumentUrl: DOCS_JSON_PATH,
    yamlDocumentUrl: 'api/docs-yaml',
    customSiteTitle: 'Central Tickets API',
    swaggerOptions: { persistAuthorization: false, displayRequestDuration: true },
  });
}
