import { Module } from '@nestjs/common';
import { JwtLoginModule } from '../jwt-login/jwt-login.module';
import { WidgetController } from './widget.controller';
import { WidgetService } from './widget.service';

/**
 * The support widget: `GET /widget.js` and the widget's sign-in (docs/WIDGET.md). The framing
 * headers of its page are applied where the console is served (portal/console.controller.ts).
 */
@Module({
  // The widget's sign-in is JWT login itself: the same service, the same rules.
  imports: [JwtLoginModule],
  controllers: [WidgetController],
  providers: [WidgetService],
})
export class WidgetModule {}
