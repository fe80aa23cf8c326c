import { IsIn, IsString, MaxLength } from 'class-validator';
import { Optional, Required } from '../validation/decorators';
import { messages } from '../validation/messages';
import { LOGIN_TOKEN_MAX_LENGTH, REDIRECT_URL_MAX_LENGTH } from '../validation/rules';

/** How the widget shows the portal: a panel (iframe) in the page, or a popup window. */
export const WIDGET_MODES = ['frame', 'popup'] as const;
export type WidgetMode = (typeof WIDGET_MODES)[number];

/**
 * The support widget's sign-in (`POST /api/widget/session` on the portal host): the login JWT
 * the host site's server signed, and the origin of the page that embeds the widget.
 */
export class WidgetSessionDto {
  /**
   * HS256 JWT signed with your tenant's JWT secret, as for `POST /api/jwt/login`.
   * @example "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJlbWFpbCI6InVzZXJAZXhhbXBsZS5jb20ifQ.c2lnbmF0dXJl"
   */
  @Required()
  @IsString({ message: messages.string })
  @MaxLength(LOGIN_TOKEN_MAX_LENGTH, { message: messages.maxLength(LOGIN_TOKEN_MAX_LENGTH) })
  token!: string;

  /**
   * The origin of the page the widget is on (`scheme://host[:port]`): one of the tenant's
   * allowed origins or verified domains, or 403 `ORIGIN_NOT_ALLOWED`.
   * @example "https://app.example.com"
   */
  @Required()
  @IsString({ message: messages.string })
  @MaxLength(REDIRECT_URL_MAX_LENGTH, { message: messages.maxLength(REDIRECT_URL_MAX_LENGTH) })
  origin!: string;

  /**
   * `frame` (the default: the portal in an iframe of that page, where the session cookie is
   * `Partitioned`, kept for that site alone) or `popup` (a window of its own: the portal's
   * usual cookie).
   * @example "frame"
   */
  @Optional()
  @IsIn(WIDGET_MODES as unknown as string[], { message: messages.oneOf(WIDGET_MODES) })
  mode?: WidgetMode;
}
