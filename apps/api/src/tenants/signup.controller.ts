import { Body, Controller, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { SignupDto, SignupResponseDto } from '@central-tickets/contracts';
import { Public } from '../core/auth/auth.decorators';
import { ApiErrors } from '../core/openapi/api-errors.decorator';
import { RateLimit } from '../core/rate-limit/rate-limit';
import { TenantsService } from './tenants.service';

@ApiTags('Sign-up')
@Controller('api/signup')
export class SignupController {
  constructor(private readonly tenants: TenantsService) {}

  @Post()
  @Public()
  @RateLimit('signup')
  @ApiOperation({
    summary: 'Create a tenant',
    description:
      'Creates the tenant, its first admin, an API token with every scope and a JWT secret. The token and the secret are in this answer only: store them now. Rate limited per client IP.',
  })
  @ApiHeader({ name: 'X-RateLimit-Limit', required: false, description: 'Sent in the answer: requests allowed per window.' })
  @ApiCreatedResponse({ type: SignupResponseDto })
  @ApiErrors([400, 409, 413, 422, 429])
  signup(@Body() dto: SignupDto): Promise<SignupResponseDto> {
    return this.tenants.signup(dto);
  }
}
