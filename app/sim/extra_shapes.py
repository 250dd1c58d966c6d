"""v2 shapes of the entities beyond the core seven (official v2 document).

Every property of each list's ``List*Schema`` record, in the token language of
``app.sim.render`` (``out[=internal][:fmt|@builder][?]``). Nested objects the
document leaves open (``"type": "object"``) are ``{"id", name…}`` references to
the related record, read live so an edit of the related record shows.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from app.sim.extra_derive import invoice_cfid

Builder = Callable[[Any, dict, Any], Any]


def _ref(entity: str, *fields: str) -> Builder:
    def build(value: Any, full: dict, ctx: Any) -> dict | None:
        if value is None:
            return None
        rec = ctx.core(entity, value) or {}
        shown = rec.get("client_uuid", value) if entity == "api-clients" else value
        return {"id": shown} | {f: rec.get(f) for f in fields}

    return build


def _refs(entity: str, *fields: str, kind: str | None = None) -> Builder:
    one = _ref(entity, *fields)

    def build(value: Any, full: dict, ctx: Any) -> list[dict | None]:
        ids = ctx.related(kind, full["id"]) if kind else value or []
        return [one(i, full, ctx) for i in ids]

    return build


def _invoice(value: Any, full: dict, ctx: Any) -> dict | None:
    if value is None:
        return None
    return {"id": value, "custom_formatted_id": invoice_cfid(value)}


def _invoice_items(value: Any, full: dict, ctx: Any) -> list[dict]:
    rows = (
        ctx.row("invoice-items", i, "v2")
        for i in ctx.related("invoice.items", full["id"])
    )
    return [{k: row[k] for k in ("id", "name", "quantity", "amount")} for row in rows]


def _bare(value: Any, full: dict, ctx: Any) -> dict | None:
    return None if value is None else {"id": value}


def _one_list(value: Any, full: dict, ctx: Any) -> list:
    return [] if value is None else [value]


def _orders(value: Any, full: dict, ctx: Any) -> list[dict]:
    return [] if value is None else [{"id": value}]


EXTRA_BUILDERS: dict[str, tuple[Builder, bool]] = {  # name -> (builder, scalar?)
    "x_location_type": (_ref("location-types", "name"), False),
    "x_divisions": (_refs("divisions", "name", "global_division"), False),
    "x_epic": (_ref("epics", "name"), False),
    "x_project": (_ref("projects", "title"), False),
    "x_customers": (_refs("customers", "customer_name"), False),
    "x_api_client": (_ref("api-clients", "name"), False),
    "x_invoice": (_invoice, False),
    "x_turnaround": (_ref("turnarounds", "name"), False),
    "x_invoice_items": (_invoice_items, False),
    "x_bare": (_bare, False),
    "x_one_list": (_one_list, False),
    "x_orders": (_orders, False),
}

# (entity, api) -> (list-row tokens, extra tokens of the single-GET detail)
EXTRA_SHAPES: dict[tuple[str, str], tuple[str, str]] = {
    ("users", "v2"): ("id first_name last_name", ""),
    ("teams", "v2"): ("id name", ""),
    ("divisions", "v2"): ("id name description global_division", ""),
    ("location-types", "v2"): (
        "id name description movable_slots number_of_slots "
        "parent_location_type=parent_location_type_id@x_location_type "
        "parent_location_type_id",
        "",
    ),
    ("assay-categories", "v2"): ("id name", ""),
    ("turnarounds", "v2"): (
        "id name description business_days_only default_duration "
        "default_flat_surcharge default_percentage_surcharge "
        "divisions=division_ids@x_divisions flag_background_color flag_text_color",
        "",
    ),
    ("worksheets", "v2"): (
        "id name description type active active_worksheet_version_id "
        "code_editor_view deleted require_reason tags:obj",
        "",
    ),
    ("epics", "v2"): (
        "id name description status date_created:dt last_updated:dt",
        "",
    ),
    ("projects", "v2"): (
        "id title custom_formatted_id epic_id epic=epic_id@x_epic tech_id "
        "tech=tech_id@user date_created:dt date_started:dt date_completed:dt "
        "estimated_complete_date:date last_updated:dt percent_completion result "
        "tags:obj",
        "",
    ),
    ("sources", "v2"): (
        "id custom_formatted_id display_name first_name last_name "
        "date_of_birth:date description identifier lab_id latitude longitude "
        "project_id project=project_id@x_project last_updated:dt tags:obj",
        "",
    ),
    ("api-clients", "v2"): (
        "id=client_uuid name api_versions authorized_redirect_uri client_type "
        "confidential cors_origin customers=customer_ids@x_customers "
        "date_created:dt date_rotated:dt generated_by=generated_by_id@user "
        "generated_by_id read_only scopes_json:obj",
        "",
    ),
    ("quotations", "v2"): (
        "id custom_formatted_id title description status customer_id "
        "customer=customer_id@customer company_name first_name last_name "
        "email_address email_to emailed date_emailed:dt emailed_by_id "
        "emailed_by=emailed_by_id@user emailed_by_api_client_id "
        "emailed_by_api_client=emailed_by_api_client_id@x_api_client "
        "quotation_date:date expiration_date:date date_created:dt last_updated:dt "
        "discount discount_individual_items sub_total total notes payment_term "
        "payment_term_days template_id uuid deleted",
        "",
    ),
    ("invoices", "v2"): (
        "id custom_formatted_id order_id order=order_id@order "
        "order_ids=order_id@x_one_list orders=order_id@x_orders status paid "
        "invoice_date:date due_date:date date_paid:dt date_created:dt "
        "last_updated:dt email_to emailed date_emailed:dt emailed_by_id "
        "emailed_by=emailed_by_id@user external_id discount "
        "discount_individual_items do_not_show_sync_warning "
        "force_full_panel_prices group_by_panel "
        "group_by_panel_turnaround_not_applied invoice_items=id@x_invoice_items "
        "invoice_payments:obj notes out_of_sync outstanding_amount payment_term "
        "qbd_edit_sequence qbd_id qbd_last_synced:dt qbd_response_log "
        "quotation_custom_prices_not_applied sub_total total total_after_tax "
        "template_id deleted",
        "",
    ),
    ("invoice-items", "v2"): (
        "id invoice_id invoice=invoice_id@x_invoice invoice_item_type name "
        "assay_id assay=assay_id@assay panel_id panel=panel_id@panel base_price "
        "quantity discount amount quantity_discount_id "
        "quantity_discount=quantity_discount_id@x_bare sort_order surcharge "
        "surcharge_invoice_item_uuid tax_rate_id tax_rate=tax_rate_id@x_bare "
        "tax_rate_name tax_rate_percentage turnaround_id "
        "turnaround=turnaround_id@x_turnaround uuid",
        "",
    ),
    ("payments", "v2"): (
        "id amount check_number created_by_api_client_id "
        "created_by_api_client=created_by_api_client_id@x_api_client "
        "created_by_user_id created_by_user=created_by_user_id@user customer_id "
        "customer=customer_id@customer date_created:dt last_updated:dt "
        "payment_date:date payment_type payment_type_id external_id "
        "qbd_edit_sequence qbd_id qbd_last_synced:dt qbd_response_log template_id "
        "unapplied_amount",
        "",
    ),
    ("order-comments", "v2"): (
        "id message public user_id contact_id date_created:dt",
        "",
    ),
}
