import { HttpClient, HttpErrorResponse, HttpParams } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type {
  AgentDto,
  CommentDto,
  ErrorResponseDto,
  MeDto,
  PasswordLoginDto,
  PortalCommentDto,
  PortalTicketDto,
  TicketDto,
  TicketPageDto,
  TicketWithCommentsDto,
  UpdateTicketDto,
} from '@central-tickets/contracts';
import { firstValueFrom } from 'rxjs';

/** An error answer of the API, with what the person should read. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: Partial<ErrorResponseDto> | null,
  ) {
    super(body?.message ?? (status === 0 ? 'The help desk cannot be reached. Check your connection and try again.' : 'Something went wrong.'));
  }
}

const rethrow = (err: unknown): never => {
  if (err instanceof HttpErrorResponse) {
    throw new ApiError(err.status, typeof err.error === 'object' ? (err.error as Partial<ErrorResponseDto>) : null);
  }
  throw err;
};

/** The portal's API, as the console uses it: same origin, the session cookie, the CSRF header (interceptor). */
@Injectable({ providedIn: 'root' })
export class Api {
  private readonly http = inject(HttpClient);

  me(): Promise<MeDto> {
    return firstValueFrom(this.http.get<MeDto>('/api/me')).catch(rethrow);
  }

  login(body: PasswordLoginDto): Promise<MeDto> {
    return firstValueFrom(this.http.post<MeDto>('/api/auth/login', body)).catch(rethrow);
  }

  logout(): Promise<void> {
    return firstValueFrom(this.http.post<void>('/api/logout', null)).catch(rethrow);
  }

  tickets(cursor: string | null, filters: Record<string, string> = {}, limit = 50): Promise<TicketPageDto> {
    let params = new HttpParams({ fromObject: filters }).set('limit', limit);
    if (cursor) params = params.set('cursor', cursor);
    return firstValueFrom(this.http.get<TicketPageDto>('/api/portal/tickets', { params })).catch(rethrow);
  }

  ticket(ref: string): Promise<TicketWithCommentsDto> {
    return firstValueFrom(this.http.get<TicketWithCommentsDto>(`/api/portal/tickets/${encodeURIComponent(ref)}`)).catch(rethrow);
  }

  createTicket(body: PortalTicketDto): Promise<TicketDto> {
    return firstValueFrom(this.http.post<TicketDto>('/api/portal/tickets', body)).catch(rethrow);
  }

  comment(ref: string, body: PortalCommentDto): Promise<CommentDto> {
    return firstValueFrom(this.http.post<CommentDto>(`/api/portal/tickets/${encodeURIComponent(ref)}/comments`, body)).catch(rethrow);
  }

  updateTicket(ref: string, body: UpdateTicketDto): Promise<TicketDto> {
    return firstValueFrom(this.http.patch<TicketDto>(`/api/tickets/${encodeURIComponent(ref)}`, body)).catch(rethrow);
  }

  agents(): Promise<AgentDto[]> {
    return firstValueFrom(this.http.get<AgentDto[]>('/api/agents')).catch(rethrow);
  }

  /** Any other call of the tenant API with the session (the console's settings use these). */
  get<T>(url: string, params: Record<string, string> = {}): Promise<T> {
    return firstValueFrom(this.http.get<T>(url, { params })).catch(rethrow);
  }

  send<T>(method: 'POST' | 'PATCH' | 'PUT' | 'DELETE', url: string, body: unknown = null): Promise<T> {
    return firstValueFrom(this.http.request<T>(method, url, { body })).catch(rethrow);
  }
}
