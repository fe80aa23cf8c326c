import { Module } from '@nestjs/common';
import { JwtLoginModule } from '../jwt-login/jwt-login.module';
import { JwtLoginService } from '../jwt-login/jwt-login.service';
import { WidgetController } from './widget.controller';
import { WidgetService } from './widget.service';

/**
 * The support widget: `GET /widget.js` and the widget's sign-in (docs/WIDGET.md). The framing
 * headers of its page are applied where the console is served (portal/console.controller.ts).
 */
@Module({
  // JwtLoginModule exports the token verifier; the JWT login itself is a stateless service,
  // provided here as well so the widget's sign-in runs exactly the same rules.
  imports: [JwtLoginModule],
  controllers: [WidgetController],
  providers: [WidgetService, JwtLoginService],
})
export class WidgetModule {}
