"""The v1 and v2 field tables of every entity (README §6, OpenAPI v2 schemas).

Tokens read ``out[=internal][:fmt|@builder][?]`` (see ``app.sim.render``).
v1 shapes follow README §6 (and [DL-dump] for customers and orders); v2 shapes
follow the ``List*Schema`` objects of the official v2 OpenAPI document (every
property of the core entities' list records, ``app.v2_lists``) plus the
tenant's flattened custom fields (README Q12, ``vocab.CUSTOM_FIELDS``).
"""

from __future__ import annotations

# (entity, api) -> (list-row tokens, extra tokens of the single-GET detail)
SHAPES: dict[tuple[str, str], tuple[str, str]] = {
    ("customers", "v1"): (
        "id date_created:dt deleted customer_name phone fax address comments tags:obj "
        "qbd_id qbd_edit_sequence qbd_last_synced:dt qbd_skip_address_sync "
        "qbd_response_log last_updated:epoch company_discount payment_term_days "
        "assay_customer_discounts:obj panel_customer_discounts:obj "
        "confident_cannabis_customer_id account_number allied_username "
        "billing_contact_name billing_email email initial_quickbooks_details@qb_json "
        "lab license_number sync_token last_synced:dt? "
        "divisions=division_ids@divisions?",
        "",
    ),
    ("customers", "v2"): (
        "id customer_name address city_name state_name zip_postal_code country_name "
        "phone fax comments company_discount confident_cannabis_customer_id:str "
        "contacts=id@contacts sources:obj date_created:dt last_updated:dt group_name "
        "id_abbreviation invoicing_notes mfa_enforced parent_customer_id payment_term "
        "payment_term_days po_number qbd_edit_sequence qbd_id qbd_last_synced:dt "
        "qbd_response_log qbd_skip_address_sync special_instructions status tags:obj "
        "allied_username lab license_number account_number "
        "initial_quickbooks_details@qb_json",
        "",
    ),
    ("contacts", "v1"): (
        "id first_name last_name email_address phone mobile fax address tags:obj "
        "last_updated:epoch",
        "",
    ),
    ("contacts", "v2"): (
        "id first_name last_name email_address phone mobile fax address is_doctor "
        "tags:obj customers=customer_ids@customers last_updated:dt",
        "",
    ),
    ("assays", "v1"): (
        "id title label_abbr description default_technician_id duration tags:obj "
        "date_created:dt last_updated:epoch",
        "",
    ),
    ("assays", "v2"): (
        "id title description method units active category_id "
        "category=category_id@category default_technician_id "
        "default_technician=default_technician_id@user duration base_price "
        "reporting_limit method_detection_limit sample_level_worksheet show_in_portal "
        "sort_order panels=id@assay_panels tags:obj date_created:dt last_updated:dt "
        "accessioning_types=accessioning_type_ids@id_refs team_id team=team_id@id_ref "
        "turnarounds=turnaround_ids@id_refs worksheet_id "
        "worksheet_ent=worksheet_id@id_ref batch_worksheet_id "
        "batch_worksheet_ent=batch_worksheet_id@id_ref protocol_id batch_protocol_id "
        "inventory_template_id batch_inventory_template_id document_id "
        "order_report_config_id sample_report_config_id test_report_config_id "
        "per_sample_fee_name per_sample_fee_price spike_level "
        "percent_recovery_lower_limit percent_recovery_upper_limit "
        "relative_percent_difference_limit qbd_id qbd_edit_sequence "
        "qbd_last_synced:dt qbd_response_log",
        "",
    ),
    ("panels", "v1"): ("id title description", "assays=assay_ids@assays"),
    ("panels", "v2"): (
        "id title description base_price show_in_portal assays=assay_ids@assays "
        "qbd_id qbd_edit_sequence qbd_last_synced:dt qbd_response_log last_updated:dt",
        "",
    ),
    ("locations", "v1"): ("id name description active parent_location_id", ""),
    ("locations", "v2"): (
        "id name description active location_type_id "
        "location_type=location_type_id@location_type parent_location_id "
        "parent_location=parent_location_id@location tags:obj",
        "",
    ),
    ("accessioning-types", "v1"): ("id value active", ""),
    ("accessioning-types", "v2"): ("id value active", ""),
    ("orders", "v1"): (
        "id custom_formatted_id=id@cfid_orders customer_account_id date_created:dt "
        "date_received:dt date_completed:dt date_order_reported:date date_required:dt "
        "collected_date:date division=division_id@division division_id email_to "
        "has_report last_updated:epoch partially_complete report_emailed requested_by "
        "requested_by_id sample_count=id@n_order_samples test_count=id@n_order_tests "
        "special_instructions customer_comments sampling_method sampling_plan_check "
        "order_request order_request_notes order_request_status "
        "order_sampling_location order_sampling_technician state tags:obj cc_id "
        "cc_latest_sync:rfc cc_order cc_order_status cc_sync_error cc_sync_status "
        "Dup_Aw_value collected_mcr collected_datetime:dt?",
        "submitted_by samples=id@order_samples_v1",
    ),
    ("orders", "v2"): (
        "id custom_formatted_id=id@cfid_orders customer_account_id "
        "customer_account=customer_account_id@customer state date_created:dt "
        "date_received:dt date_completed:dt date_approved:dt date_emailed:dt "
        "date_report_released:dt date_requested:dt date_required:dt last_updated:dt "
        "division=division_id@division division_id emailed entered_by_id "
        "entered_by=entered_by_id@user received_by_id received_by=received_by_id@user "
        "requested_by_id invoicing_notes order_request order_request_notes "
        "order_request_status portal_read published_to_portal release_report "
        "revision_notes special_instructions submitted_by "
        "total_samples_created=id@n_order_samples cc_id cc_latest_sync:rfc cc_order "
        "cc_order_status cc_sync_error cc_sync_status Dup_Aw_value collected_mcr "
        "collected_datetime:dt? approved_by_id approved_by=approved_by_id@user "
        "emailed_by_id emailed_by=emailed_by_id@user entered_by_api_client_id "
        "entered_by_api_client=entered_by_api_client_id@id_ref "
        "requested_by=requested_by_id@id_ref requested_for_id "
        "requested_for=requested_for_id@id_ref turnaround_id "
        "turnaround=turnaround_id@id_ref project_id project=project_id@id_ref "
        "created_from_quotation_id "
        "created_from_quotation=created_from_quotation_id@id_ref",
        "",
    ),
    ("samples", "v1"): (
        "id order_id custom_formatted_id=id@cfid_samples sample_name=description "
        "description sample_type leaf_id=metrc_uid has_report "
        "batches=id@sample_batch_ids completed_date:dt date_created:date "
        "start_date:dt matrix_type=sample_type "
        "accessioning_type=accessioning_type_id@acc_type state status "
        "test_count=id@n_sample_tests sample_weight sample_quantity_received "
        "last_updated:epoch lot_number ExtInvID comments",
        "tests=id@sample_tests_v1",
    ),
    ("samples", "v2"): (
        "id order_id order=order_id@order custom_formatted_id=id@cfid_samples "
        "description sample_type accessioning_type_id "
        "accessioning_type=accessioning_type_id@acc_type batches=id@sample_batches "
        "tests=id@sample_tests reports=id@sample_reports "
        "most_recent_report_id=id@sample_latest_report location_id "
        "location=location_id@location lab_id metrc_uid cc_id comments complete "
        "received linked order_request date_created:dt date_received:dt "
        "date_report_released:dt time_of_collection:dt last_updated:dt email_to "
        "point_of_collection tags:obj lot_number ExtInvID sample_weight "
        "most_recent_report=id@sample_latest_report_ref parent_sample_id "
        "parent_sample=parent_sample_id@id_ref sub_samples:obj project_id "
        "project=project_id@id_ref source_id source=source_id@id_ref "
        "inventory_stock_id inventory_stock=inventory_stock_id@id_ref "
        "inventory_stock_quantity_used",
        "",
    ),
    ("tests", "v1"): (
        "id sample_id assay_id panel_id batches=id@test_batch_ids state results "
        "comments tech_id tags:obj date_created:date start_date:date "
        "complete_date:date estimated_start_date:date estimated_complete_date:date "
        "last_updated:epoch",
        "label_abbr=assay_id@label_abbr title=assay_id@title has_report "
        "report_completed_date:dt worksheet_data:obj",
    ),
    ("tests", "v2"): (
        "id sample_id sample=sample_id@sample assay_id assay=assay_id@assay panel_id "
        "panel=panel_id@panel tech_id tech=tech_id@user state results comments "
        "customer_update free_response specification_overall priority "
        "start_date:dt complete_date:dt reported_date:dt date_created:dt "
        "date_report_released:dt date_results_released:dt estimated_start_date:date "
        "estimated_complete_date:date last_updated:dt "
        "last_updated_unix_timestamp=last_updated emailed release_report "
        "release_results publish_worksheet_to_portal "
        "most_recent_report_id=id@test_latest_report worksheet_data:obj "
        "most_recent_report=id@test_latest_report_ref panel_group_uuid "
        "priority_current priority_done priority_group_uuid turnaround_id "
        "turnaround=turnaround_id@id_ref",
        "",
    ),
    ("batches", "v1"): (
        "id display_name tags:obj date_created:date sample_ids=id@batch_sample_ids "
        "test_ids=id@batch_test_ids worksheet_id worksheet_json:obj do_not_hide "
        "note_keeping lot_verification_batch last_updated:epoch assay_id "
        "date_prepared:date",
        "batch_complete batch_equipment_ids:obj batch_equipment_usage_ids:obj "
        "batch_ids:obj batch_inventory_stock_usage_ids:obj batch_processed "
        "batch_protocol_steps:obj batch_status protocol tech=tech_id@user",
    ),
    ("batches", "v2"): (
        "id assay_id assay=assay_id@assay custom_formatted_id=id@cfid_batches "
        "display_name date_created:dt last_updated:dt samples=id@batch_samples "
        "tests=id@batch_tests children:obj parents:obj control_group:obj "
        "equipment_list:obj platemap_format tags:obj worksheet_id worksheet_data:obj "
        "worksheet=worksheet_id@id_ref",
        "",
    ),
    ("reports", "v1"): (
        "id accepted_by_id comments date_accepted:dt date_emailed:dt "
        "date_generated:dt date_public:dt date_published:dt emailed emailed_by_id "
        "generated_by=generated_by_id@user generated_by_api_client_id "
        "generated_by_id id_hash is_public made_public_by_api_client_id "
        "made_public_by_id order_id published_by_api_client_id render_status "
        "report_config_id sample_id state test_id",
        "",
    ),
    ("reports", "v2"): (
        "id order_id order=order_id@order sample_id sample=sample_id@sample test_id "
        "test=test_id@test report_config_id render_status render_error_message "
        "render_params render_batch_uuid state url=id@report_url id_hash is_public "
        "emailed comments date_generated:dt date_emailed:dt date_public:dt "
        "date_published:dt generated_by=generated_by_id@user generated_by_id "
        "generated_by_api_client_id emailed_by_id made_public_by_id "
        "published_by_api_client_id emailed_by=emailed_by_id@user "
        "emailed_by_api_client_id "
        "emailed_by_api_client=emailed_by_api_client_id@id_ref "
        "generated_by_api_client=generated_by_api_client_id@id_ref "
        "made_public_by=made_public_by_id@user made_public_by_api_client_id "
        "made_public_by_api_client=made_public_by_api_client_id@id_ref "
        "published_by_api_client=published_by_api_client_id@id_ref",
        "",
    ),
}
