import { Inject, Injectable } from '@nestjs/common';
import { createHmac } from 'node:crypto';
import { mintApiToken } from '../api-tokens/api-token.codec';
import { ApiTokensService } from '../api-tokens/api-tokens.service';
import type { AppConfig } from '../core/config/app-config';
import { APP_CONFIG } from '../core/config/config.module';
import { PasswordHasher } from '../core/crypto/password-hasher';
import { TenantDb } from '../core/database/tenant-db';
import { AppException } from '../core/errors/app.exception';
import { JwtSecretsService } from '../tenants/jwt-secrets.service';
import { TenantsService } from '../tenants/tenants.service';
import { UsersRepository } from '../users/users.repository';

export const DEMO_SLUG = 'demo';
export const DEMO_ADMIN_EMAIL = 'admin@demo.example';

export interface DemoCredentials {
  portalUrl: string;
  adminEmail: string;
  /** null when the admin has changed the password since. */
  adminPassword: string | null;
  /** null when the token has been revoked since. */
  apiToken: string | null;
  /** null when the secret has been rotated since. */
  jwtSecret: string | null;
  created: boolean;
}

/**
 * The demo tenant a fresh development install starts with. Its credentials are derived from
 * APP_KEY (HMAC), so every start can print them without any secret being stored in clear.
 */
@Injectable()
export class DemoSeedService {
  constructor(
    private readonly tenants: TenantsService,
    private readonly apiTokens: ApiTokensService,
    private readonly jwtSecrets: JwtSecretsService,
    private readonly users: UsersRepository,
    private readonly passwords: PasswordHasher,
    private readonly db: TenantDb,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  private derive(label: string): Buffer {
    return createHmac('sha256', this.config.appKey).update(`central-tickets:demo:${label}`).digest();
  }

  async ensure(): Promise<DemoCredentials> {
    const password = this.derive('admin-password').toString('base64url').slice(0, 20);
    const jwtSecret = this.derive('jwt-secret').toString('base64url');
    const apiTokenSecret = this.derive('api-token');
    let created = false;
    try {
      await this.tenants.create({
        slug: DEMO_SLUG,
        name: 'Demo Company',
        admin: { email: DEMO_ADMIN_EMAIL, name: 'Demo Admin', password },
        settings: {
          allowedOrigins: ['http://localhost:8080', 'http://127.0.0.1:8080'],
          testMode: true,
        },
        jwtSecret,
        apiTokenSecret,
      });
      created = true;
    } catch (err) {
      // Already there (this start or another instance's): report what still holds.
      if (!(err instanceof AppException && err.status === 409)) throw err;
    }
    const tenant = await this.tenants.requireBySlug(DEMO_SLUG);
    const apiToken = mintApiToken(tenant.id, apiTokenSecret);
    const [tokenValid, secretValid, passwordValid] = await Promise.all([
      this.apiTokens.authenticate(apiToken).then((auth) => auth !== null),
      this.db.run(tenant.id, async (tx) => (await this.jwtSecrets.validSecrets(tx)).some((s) => s.secret === jwtSecret)),
      this.db.run(tenant.id, async (tx) => {
        const admin = await this.users.findByEmailWithPassword(tx, DEMO_ADMIN_EMAIL);
        return admin?.passwordHash ? this.passwords.verify(admin.passwordHash, password) : false;
      }),
    ]);
    return {
      portalUrl: this.tenants.portalUrl(DEMO_SLUG),
      adminEmail: DEMO_ADMIN_EMAIL,
      adminPassword: passwordValid ? password : null,
      apiToken: tokenValid ? apiToken : null,
      jwtSecret: secretValid ? jwtSecret : null,
      created,
    };
  }
}
