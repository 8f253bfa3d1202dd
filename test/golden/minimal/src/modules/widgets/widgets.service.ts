import { NotFoundError, StaleVersionError } from '../../lib/errors.js';
import { type ListOptions, type ListResponse, toListResponse } from '../../lib/pagination.js';
import type { WidgetsRepository } from './widgets.repository.js';
import type {
  CreateWidget,
  ReplaceWidget,
  UpdateWidget,
  Widget,
  WidgetFilters,
  WidgetSortField,
} from './widgets.schemas.js';

/** What can be done with widgets. Knows nothing of HTTP: it takes plain values and throws errors from lib/errors. */
export class WidgetsService {
  constructor(private readonly widgets: WidgetsRepository) {}

  async list(options: ListOptions<WidgetFilters, WidgetSortField>): Promise<ListResponse<Widget>> {
    return toListResponse(await this.widgets.list(options), options);
  }

  async get(id: string): Promise<Widget> {
    const widget = await this.widgets.findById(id);
    if (!widget) throw widgetNotFound(id);
    return widget;
  }

  async create(input: CreateWidget): Promise<Widget> {
    return this.widgets.create(input);
  }

  async replace(id: string, input: ReplaceWidget, ifMatch?: readonly number[]): Promise<Widget> {
    const widget = await this.widgets.replace(id, input, ifMatch);
    if (widget) return widget;
    throw await this.missingOrChanged(id, ifMatch);
  }

  async update(id: string, changes: UpdateWidget, ifMatch?: readonly number[]): Promise<Widget> {
    const widget = await this.widgets.update(id, changes, ifMatch);
    if (widget) return widget;
    throw await this.missingOrChanged(id, ifMatch);
  }

  async delete(id: string, ifMatch?: readonly number[]): Promise<void> {
    const deleted = await this.widgets.delete(id, ifMatch);
    if (!deleted) throw await this.missingOrChanged(id, ifMatch);
  }

  /**
   * Why a write changed no row: there is none with this id (that the caller may reach), or If-Match named versions
   * and the widget is at another one, changed by someone else since the caller read it.
   */
  private async missingOrChanged(id: string, ifMatch: readonly number[] | undefined): Promise<Error> {
    if (ifMatch && (await this.widgets.findById(id))) {
      return new StaleVersionError(`Widget ${id} has changed since it was read: get it again for its ETag`);
    }
    return widgetNotFound(id);
  }
}

export function widgetNotFound(id: string): NotFoundError {
  return new NotFoundError(`Widget ${id} does not exist`);
}
