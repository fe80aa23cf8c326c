import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import {
  API_TOKEN_SCOPES,
  ErrorCode,
  type SignupDto,
  type SignupResponseDto,
  type TenantDto,
  type UpdateTenantDto,
  normalizeOrigin,
} from '@central-tickets/contracts';
import { ApiTokensService } from '../api-tokens/api-tokens.service';
import { AppConfig, portalOrigin } from '../core/config/app-config';
import { APP_CONFIG } from '../core/config/config.module';
import { InvalidationService } from '../core/cache/invalidation.service';
import { PasswordHasher } from '../core/crypto/password-hasher';
import { isUniqueViolation } from '../core/database/pg-errors';
import { TenantDb, TenantTx } from '../core/database/tenant-db';
import { AppException } from '../core/errors/app.exception';
import { DomainsService } from '../domains/domains.service';
import { UsersRepository } from '../users/users.repository';
import { JwtSecretsService } from './jwt-secrets.service';
import { Tenant } from './tenant.entity';
import { TenantSettings, TenantsRepository } from './tenants.repository';

/** What creating a tenant needs; sign-up, the operator CLI and the demo seed all go through it. */
export interface NewTenant {
  slug: string;
  name: string;
  admin: { email: string; name: string; password: string };
  settings?: TenantSettings;
  /** A fixed JWT secret (the demo tenant's is derived from the development key). */
  jwtSecret?: string;
  /** The random part of the API token, when fixed (idem). */
  apiTokenSecret?: Buffer;
}

const slugTaken = () =>
  new AppException(HttpStatus.CONFLICT, ErrorCode.Conflict, 'This tenant slug is already taken.', {
    errors: { tenant_slug: ['The tenant slug has already been taken.'] },
  });

@Injectable()
export class TenantsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly db: TenantDb,
    private readonly tenants: TenantsRepository,
    private readonly users: UsersRepository,
    private readonly apiTokens: ApiTokensService,
    private readonly jwtSecrets: JwtSecretsService,
    private readonly domains: DomainsService,
    private readonly passwords: PasswordHasher,
    private readonly invalidation: InvalidationService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  signup(dto: SignupDto): Promise<SignupResponseDto> {
    return this.create({
      slug: dto.tenant_slug,
      name: dto.tenant_name,
      admin: { email: dto.admin_email, name: dto.admin_name, password: dto.admin_password },
    });
  }

  /**
   * Creates the tenant, its first admin, an API token with every scope and a JWT secret, in
   * one transaction: all of it exists afterwards, or none of it.
   */
  async create(input: NewTenant): Promise<SignupResponseDto> {
    if (await this.tenants.findBySlug(input.slug)) throw slugTaken();
    const passwordHash = await this.passwords.hash(input.admin.password);
    const tenantId = randomUUID();
    try {
      return await this.dataSource.transaction(async (em) => {
        await this.tenants.insert(em, { id: tenantId, slug: input.slug, name: input.name, ...input.settings });
        const tx = await this.db.enter(em, tenantId);
        await this.users.insert(tx, {
          id: randomUUID(),
          email: input.admin.email,
          name: input.admin.name,
          role: 'admin',
          passwordHash,
          externalId: null,
        });
        const token = await this.apiTokens.issue(tx, 'Sign-up token', [...API_TOKEN_SCOPES], input.apiTokenSecret);
        const secret = await this.jwtSecrets.create(tx, input.jwtSecret);
        const tenant = await this.toDto(tx, await this.tenants.get(tx));
        return {
          tenant,
          portal_url: tenant.portal_url,
          api_token: token.token,
          jwt_secret: secret.secret,
          jwt_secret_kid: secret.kid,
        };
      });
    } catch (err) {
      if (isUniqueViolation(err, 'tenants_slug_key')) throw slugTaken();
      throw err;
    }
  }

  get(tenantId: string): Promise<TenantDto> {
    return this.db.run(tenantId, async (tx) => this.toDto(tx, await this.tenants.get(tx)));
  }

  update(tenantId: string, dto: UpdateTenantDto): Promise<TenantDto> {
    const changes: TenantSettings = {
      ...(dto.name !== undefined && { name: dto.name }),
      ...(dto.allowed_origins !== undefined && {
        allowedOrigins: [...new Set(dto.allowed_origins.map((o) => normalizeOrigin(o) as string))],
      }),
      ...(dto.redirect_auth !== undefined && { redirectAuth: dto.redirect_auth }),
      ...(dto.test_mode !== undefined && { testMode: dto.test_mode }),
      ...(dto.jwt_secret_grace_hours !== undefined && { jwtSecretGraceHours: dto.jwt_secret_grace_hours }),
    };
    return this.db.run(tenantId, async (tx) => {
      const updated = await this.tenants.update(tx, changes);
      // Origins and the trust mode are cached by the sign-in flows and CORS on every instance.
      await this.invalidation.publish(tx.em, { kind: 'tenant', tenantId });
      return this.toDto(tx, updated);
    });
  }

  /** Platform: every tenant, for operators. */
  listAll(): Promise<Tenant[]> {
    return this.tenants.listAll();
  }

  /** Platform: the tenant with this slug, or a 404 `TENANT_NOT_FOUND`. */
  async requireBySlug(slug: string): Promise<Tenant> {
    const tenant = await this.tenants.findBySlug(slug);
    if (!tenant) throw new AppException(HttpStatus.NOT_FOUND, ErrorCode.TenantNotFound, 'Tenant not found.', {
        details: 'The specified tenant does not exist.',
      });
    return tenant;
  }

  portalUrl(slug: string): string {
    return portalOrigin(this.config, slug);
  }

  private async toDto(tx: TenantTx, tenant: Tenant): Promise<TenantDto> {
    const domains = await this.domains.listIn(tx);
    return {
      id: tenant.id,
      slug: tenant.slug,
      name: tenant.name,
      portal_url: this.portalUrl(tenant.slug),
      domains: domains.map((d) => ({ hostname: d.hostname, verified: d.verifiedAt !== null })),
      allowed_origins: tenant.allowedOrigins,
      redirect_auth: tenant.redirectAuth,
      test_mode: tenant.testMode,
      jwt_secret_grace_hours: tenant.jwtSecretGraceHours,
      created_at: tenant.createdAt.toISOString(),
    };
  }
}
