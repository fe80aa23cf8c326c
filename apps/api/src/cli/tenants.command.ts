import { randomBytes } from 'node:crypto';
import { Command, CommandRunner, Option, SubCommand } from 'nest-commander';
import { SignupDto } from '@central-tickets/contracts';
import { TenantsService } from '../tenants/tenants.service';
import { CliCommand, JsonOption } from './cli-command';
import { ExportTenantCommand, ImportTenantCommand } from './tenant-data.commands';

interface CreateOptions extends JsonOption {
  slug?: string;
  name?: string;
  adminEmail?: string;
  adminName?: string;
  adminPassword?: string;
}

@SubCommand({ name: 'create', description: 'create a tenant with its first admin, an API token and a JWT secret' })
export class CreateTenantCommand extends CliCommand<CreateOptions> {
  constructor(private readonly tenants: TenantsService) {
    super();
  }

  protected override flagFor(field: string): string {
    return ({ tenant_slug: '--slug', tenant_name: '--name' } as Record<string, string>)[field] ?? super.flagFor(field);
  }

  protected async execute(o: CreateOptions) {
    const generated = o.adminPassword === undefined;
    const password = o.adminPassword ?? randomBytes(15).toString('base64url');
    const dto = await this.validated(SignupDto, {
      tenant_slug: o.slug,
      tenant_name: o.name,
      admin_email: o.adminEmail,
      admin_name: o.adminName,
      admin_password: password,
    });
    const created = await this.tenants.signup(dto);
    const json = { ...created, ...(generated && { admin_password: password }) };
    const text = [
      `Created tenant ${created.tenant.slug} (${created.tenant.id})`,
      `  portal        ${created.portal_url}`,
      `  admin         ${dto.admin_email}${generated ? ` / ${password}  (generated: pass it on safely)` : ''}`,
      `  API token     ${created.api_token}`,
      `  JWT secret    ${created.jwt_secret}  (kid ${created.jwt_secret_kid})`,
      '',
      'The token and the secret are shown only now.',
    ].join('\n');
    return { json, text };
  }

  @Option({ flags: '--slug <slug>', description: 'the tenant slug (3-40 of a-z, 0-9, -)' })
  parseSlug(value: string): string {
    return value;
  }
  @Option({ flags: '--name <name>', description: 'the display name' })
  parseName(value: string): string {
    return value;
  }
  @Option({ flags: '--admin-email <email>', description: "the first admin's email" })
  parseAdminEmail(value: string): string {
    return value;
  }
  @Option({ flags: '--admin-name <name>', description: "the first admin's name" })
  parseAdminName(value: string): string {
    return value;
  }
  @Option({ flags: '--admin-password <password>', description: 'the first admin\'s password (generated when left out)' })
  parseAdminPassword(value: string): string {
    return value;
  }
}

@SubCommand({ name: 'list', description: 'list every tenant' })
export class ListTenantsCommand extends CliCommand<JsonOption> {
  constructor(private readonly tenants: TenantsService) {
    super();
  }

  protected async execute() {
    const all = await this.tenants.listAll();
    const rows = all.map((t) => ({
      id: t.id,
      slug: t.slug,
      name: t.name,
      portal_url: this.tenants.portalUrl(t.slug),
      created_at: t.createdAt.toISOString(),
    }));
    const width = Math.max(4, ...rows.map((r) => r.slug.length));
    const text = rows.length
      ? [`${'SLUG'.padEnd(width)}  ${'ID'.padEnd(36)}  NAME`, ...rows.map((r) => `${r.slug.padEnd(width)}  ${r.id}  ${r.name}`)].join('\n')
      : 'No tenants yet.';
    return { json: rows, text };
  }
}

@Command({
  name: 'tenants',
  description: 'create, list, export and import tenants',
  subCommands: [CreateTenantCommand, ListTenantsCommand, ExportTenantCommand, ImportTenantCommand],
})
export class TenantsCommand extends CommandRunner {
  async run(): Promise<void> {
    this.command.help();
  }
}
