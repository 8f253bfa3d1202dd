import { NotFoundError } from '../../lib/errors.js';
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

  async replace(id: string, input: ReplaceWidget): Promise<Widget> {
    const widget = await this.widgets.replace(id, input);
    if (!widget) throw widgetNotFound(id);
    return widget;
  }

  async update(id: string, changes: UpdateWidget): Promise<Widget> {
    const widget = await this.widgets.update(id, changes);
    if (!widget) throw widgetNotFound(id);
    return widget;
  }

  async delete(id: string): Promise<void> {
    const deleted = await this.widgets.delete(id);
    if (!deleted) throw widgetNotFound(id);
  }
}

export function widgetNotFound(id: string): NotFoundError {
  return new NotFoundError(`Widget ${id} does not exist`);
}
