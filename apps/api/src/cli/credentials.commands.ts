import { Command, CommandRunner, Option, SubCommand } from 'nest-commander';
import { CreateApiTokenDto, CreateDomainDto } from '@central-tickets/contracts';
import { ApiTokensService } from '../api-tokens/api-tokens.service';
import { DomainsService } from '../domains/domains.service';
import { JwtSecretsService } from '../tenants/jwt-secrets.service';
import { TenantsService } from '../tenants/tenants.service';
import { CliCommand, JsonOption } from './cli-command';

interface TenantOption extends JsonOption {
  tenant?: string;
}

abstract class TenantCommand<O extends TenantOption> extends CliCommand<O> {
  constructor(protected readonly tenants: TenantsService) {
    super();
  }

  protected async tenantId(o: O): Promise<string> {
    return (await this.tenants.requireBySlug(o.tenant ?? '')).id;
  }

  @Option({ flags: '--tenant <slug>', description: 'the tenant', required: true })
  parseTenant(value: string): string {
    return value;
  }
}

interface CreateTokenOptions extends TenantOption {
  name?: string;
  scopes?: string;
}

@SubCommand({ name: 'create', description: 'create an API token (shown once)' })
export class CreateTokenCommand extends TenantCommand<CreateTokenOptions> {
  constructor(
    tenants: TenantsService,
    private readonly tokens: ApiTokensService,
  ) {
    super(tenants);
  }

  protected async execute(o: CreateTokenOptions) {
    const dto = await this.validated(CreateApiTokenDto, {
      name: o.name,
      scopes: o.scopes?.split(',').map((s) => s.trim()).filter(Boolean),
    });
    const created = await this.tokens.create(await this.tenantId(o), dto);
    return {
      json: created,
      text: `Created API token "${created.name}" (${created.scopes.join(', ')}):\n  ${created.token}\nIt is shown only now.`,
    };
  }

  @Option({ flags: '--name <name>', description: 'where the token is used', required: true })
  parseName(value: string): string {
    return value;
  }
  @Option({ flags: '--scopes <scopes>', description: 'comma-separated: tickets:read,tickets:write,admin', required: true })
  parseScopes(value: string): string {
    return value;
  }
}

@Command({ name: 'tokens', description: 'tenant API tokens', subCommands: [CreateTokenCommand] })
export class TokensCommand extends CommandRunner {
  async run(): Promise<void> {
    this.command.help();
  }
}

@SubCommand({ name: 'rotate', description: "rotate a tenant's JWT secret (the new one is shown once)" })
export class RotateSecretCommand extends TenantCommand<TenantOption> {
  constructor(
    tenants: TenantsService,
    private readonly secrets: JwtSecretsService,
  ) {
    super(tenants);
  }

  protected async execute(o: TenantOption) {
    const rotated = await this.secrets.rotate(await this.tenantId(o));
    const grace = rotated.previous_valid_until ? `until ${rotated.previous_valid_until}` : 'no longer';
    return {
      json: rotated,
      text: `New JWT secret (kid ${rotated.kid}):\n  ${rotated.jwt_secret}\nThe previous secret is accepted ${grace}.`,
    };
  }
}

@Command({ name: 'secrets', description: 'tenant JWT secrets', subCommands: [RotateSecretCommand] })
export class SecretsCommand extends CommandRunner {
  async run(): Promise<void> {
    this.command.help();
  }
}

interface AddDomainOptions extends TenantOption {
  hostname?: string;
}

@SubCommand({ name: 'add', description: 'add a custom domain and show its TXT record' })
export class AddDomainCommand extends TenantCommand<AddDomainOptions> {
  constructor(
    tenants: TenantsService,
    private readonly domains: DomainsService,
  ) {
    super(tenants);
  }

  protected async execute(o: AddDomainOptions) {
    const dto = await this.validated(CreateDomainDto, { hostname: o.hostname });
    const domain = await this.domains.add(await this.tenantId(o), dto.hostname);
    const r = domain.txt_record;
    return {
      json: domain,
      text: `Added ${domain.hostname} (unverified). Create this DNS record, then verify:\n  ${r.name}  ${r.type}  "${r.value}"`,
    };
  }

  @Option({ flags: '--hostname <hostname>', description: 'the host name, e.g. help.example.com', required: true })
  parseHostname(value: string): string {
    return value;
  }
}

@Command({ name: 'domains', description: 'tenant custom domains', subCommands: [AddDomainCommand] })
export class DomainsCommand extends CommandRunner {
  async run(): Promise<void> {
    this.command.help();
  }
}
