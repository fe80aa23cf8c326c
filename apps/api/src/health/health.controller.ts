import { Controller, Get, HttpStatus, ServiceUnavailableException } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckResult, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import { DataSource } from 'typeorm';
import { ErrorCode } from '@central-tickets/contracts';
import { Public } from '../core/auth/auth.decorators';
import { AppException } from '../core/errors/app.exception';
import { ApiErrors } from '../core/openapi/api-errors.decorator';

const DATABASE_TIMEOUT_MS = 2_000;

@ApiTags('Operations')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly dataSource: DataSource,
  ) {}

  @Get()
  @Public()
  @HealthCheck({ swaggerDocumentation: false })
  @ApiOperation({ summary: 'Health', description: 'Up when the database answers within 2 s; 503 otherwise.' })
  @ApiOkResponse({
    description: 'Healthy.',
    schema: {
      type: 'object',
      properties: {
        status: { type: 'string', example: 'ok' },
        info: { type: 'object', example: { database: { status: 'up' } } },
        error: { type: 'object', example: {} },
        details: { type: 'object', example: { database: { status: 'up' } } },
      },
    },
  })
  @ApiErrors([503])
  async check(): Promise<HealthCheckResult> {
    try {
      return await this.health.check([() => this.database()]);
    } catch (err) {
      if (!(err instanceof ServiceUnavailableException)) throw err;
      throw new AppException(HttpStatus.SERVICE_UNAVAILABLE, ErrorCode.ServiceUnavailable, 'The service is unavailable.', {
        details: 'The database does not answer.',
      });
    }
  }

  private async database() {
    const indicator = this.indicators.check('database');
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        this.dataSource.query('SELECT 1'),
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new Error('timeout')), DATABASE_TIMEOUT_MS);
        }),
      ]);
      return indicator.up();
    } catch {
      return indicator.down();
    } finally {
      clearTimeout(timer);
    }
  }
}
