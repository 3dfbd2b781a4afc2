import { PageCursorParam, PageLimitParam } from '../common/query-params.decorator';

export class ListUnmatchedNoticesQueryDto {
  @PageLimitParam()
  limit?: string;

  @PageCursorParam("The previous page's next_cursor. Opaque.")
  cursor?: string;
}
