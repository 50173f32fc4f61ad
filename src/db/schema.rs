//! Table definitions shared by both backends. Written by hand to match
//! `migrations/sqlite` and `migrations/postgres`; only types both backends share.
//!
//! Why one file over 700 lines: diesel's `joinable!` and
//! `allow_tables_to_appear_in_same_query!` must see every table, and each table's owner
//! is already checked by `tests/it/architecture.rs` (`TABLES`); split by area, the
//! files would only import each other.

diesel::table! {
    users (id) {
        id -> BigInt,
        pseudonym -> Text,
        email -> Nullable<Text>,
        pending_email -> Nullable<Text>,
        display_name -> Text,
        password_hash -> Nullable<Text>,
        language -> Text,
        email_verified_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
        deleted_at -> Nullable<Timestamp>,
        notify_digest -> Bool,
    }
}

diesel::table! {
    user_roles (user_id, role) {
        user_id -> BigInt,
        role -> Text,
        granted_by -> Nullable<BigInt>,
        granted_at -> Timestamp,
    }
}

diesel::table! {
    role_audit (id) {
        id -> BigInt,
        actor_id -> Nullable<BigInt>,
        target_user_id -> BigInt,
        role -> Text,
        action -> Text,
        at -> Timestamp,
    }
}

diesel::table! {
    offices (id) {
        id -> BigInt,
        slug -> Text,
        name -> Text,
        created_at -> Timestamp,
        coordinating -> Bool,
        district_id -> Nullable<BigInt>,
    }
}

diesel::table! {
    absences (id) {
        id -> BigInt,
        user_id -> BigInt,
        office_id -> BigInt,
        substitute_id -> BigInt,
        starts_on -> Date,
        ends_on -> Date,
        created_by -> Nullable<BigInt>,
        created_at -> Timestamp,
        cancelled_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    office_members (office_id, user_id) {
        office_id -> BigInt,
        user_id -> BigInt,
        assigned_by -> Nullable<BigInt>,
        assigned_at -> Timestamp,
    }
}

diesel::table! {
    groups (id) {
        id -> BigInt,
        name -> Text,
        kind -> Text,
        description -> Text,
        referent_id -> BigInt,
        created_by -> BigInt,
        created_at -> Timestamp,
    }
}

diesel::table! {
    group_members (group_id, user_id) {
        group_id -> BigInt,
        user_id -> BigInt,
        joined_at -> Timestamp,
    }
}

diesel::table! {
    group_invitations (id) {
        id -> BigInt,
        group_id -> BigInt,
        email -> Text,
        token_hash -> Text,
        invited_by -> BigInt,
        created_at -> Timestamp,
        expires_at -> Timestamp,
        accepted_at -> Nullable<Timestamp>,
        accepted_by -> Nullable<BigInt>,
    }
}

diesel::table! {
    districts (id) {
        id -> BigInt,
        slug -> Text,
        name -> Text,
        geometry -> Text,
        min_lon -> Double,
        min_lat -> Double,
        max_lon -> Double,
        max_lat -> Double,
        parent_id -> Nullable<BigInt>,
        depth -> BigInt,
        level_name -> Text,
    }
}

diesel::table! {
    addresses (id) {
        id -> BigInt,
        street -> Text,
        house_number -> Text,
        search_key -> Text,
        name_key -> Text,
        lat -> Double,
        lng -> Double,
        district_id -> Nullable<BigInt>,
    }
}

diesel::table! {
    email_tokens (id) {
        id -> BigInt,
        user_id -> BigInt,
        purpose -> Text,
        token_hash -> Text,
        created_at -> Timestamp,
        expires_at -> Timestamp,
        used_at -> Nullable<Timestamp>,
        address -> Nullable<Text>,
    }
}

diesel::table! {
    sessions (id) {
        id -> BigInt,
        token_hash -> Text,
        user_id -> BigInt,
        created_at -> Timestamp,
        last_seen_at -> Timestamp,
    }
}

diesel::table! {
    user_identities (id) {
        id -> BigInt,
        user_id -> BigInt,
        issuer -> Text,
        subject -> Text,
        resident_verified -> Bool,
        created_at -> Timestamp,
        last_signed_in_at -> Timestamp,
    }
}

diesel::table! {
    oidc_requests (id) {
        id -> BigInt,
        state_hash -> Text,
        nonce -> Text,
        pkce_verifier -> Text,
        next_path -> Nullable<Text>,
        link_user_id -> Nullable<BigInt>,
        pending_link -> Nullable<Text>,
        created_at -> Timestamp,
        used_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    oidc_sessions (session_id) {
        session_id -> BigInt,
        identity_id -> BigInt,
        provider_sub -> Text,
        provider_sid -> Nullable<Text>,
        id_token -> Text,
    }
}

diesel::table! {
    oidc_office_grants (user_id, office_id) {
        user_id -> BigInt,
        office_id -> BigInt,
        role_granted -> Bool,
        granted_at -> Timestamp,
    }
}

diesel::table! {
    outbox (id) {
        id -> BigInt,
        kind -> Text,
        recipient -> Nullable<Text>,
        payload -> Text,
        attempts -> BigInt,
        next_attempt_at -> Timestamp,
        locked_until -> Nullable<Timestamp>,
        last_error -> Nullable<Text>,
        created_at -> Timestamp,
        delivered_at -> Nullable<Timestamp>,
        failed_at -> Nullable<Timestamp>,
        claimed_by -> Nullable<Text>,
    }
}

diesel::table! {
    bodies (id) {
        id -> BigInt,
        slug -> Text,
        kind -> Text,
        name -> Text,
        charter -> Text,
        district_id -> Nullable<BigInt>,
        theme -> Text,
        joining -> Text,
        admits -> Text,
        motion_threshold -> BigInt,
        created_by -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    body_facilitators (body_id, user_id) {
        body_id -> BigInt,
        user_id -> BigInt,
        granted_by -> Nullable<BigInt>,
        granted_at -> Timestamp,
    }
}

diesel::table! {
    body_members (id) {
        id -> BigInt,
        body_id -> BigInt,
        user_id -> Nullable<BigInt>,
        group_id -> Nullable<BigInt>,
        delegate_id -> Nullable<BigInt>,
        status -> Text,
        requested_at -> Timestamp,
        joined_at -> Nullable<Timestamp>,
        left_at -> Nullable<Timestamp>,
        decided_by -> Nullable<BigInt>,
        reason -> Text,
    }
}

diesel::table! {
    meetings (id) {
        id -> BigInt,
        body_id -> BigInt,
        title -> Text,
        starts_at -> Timestamp,
        ends_at -> Timestamp,
        place -> Text,
        online_url -> Text,
        minutes -> Nullable<Text>,
        minutes_published_at -> Nullable<Timestamp>,
        cancelled_at -> Nullable<Timestamp>,
        created_by -> BigInt,
        created_at -> Timestamp,
    }
}

diesel::table! {
    meeting_items (id) {
        id -> BigInt,
        meeting_id -> BigInt,
        position -> BigInt,
        title -> Text,
        kind -> Text,
        ref_id -> Nullable<BigInt>,
    }
}

diesel::table! {
    meeting_attendance (meeting_id, member_id) {
        meeting_id -> BigInt,
        member_id -> BigInt,
        recorded_by -> BigInt,
        recorded_at -> Timestamp,
    }
}

diesel::table! {
    motions (id) {
        id -> BigInt,
        body_id -> BigInt,
        member_id -> BigInt,
        author_id -> BigInt,
        title -> Text,
        text -> Text,
        reasons -> Text,
        state -> Text,
        scheduled_by -> Nullable<BigInt>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    motion_supporters (motion_id, member_id) {
        motion_id -> BigInt,
        member_id -> BigInt,
        user_id -> BigInt,
        at -> Timestamp,
    }
}

diesel::table! {
    motion_comments (id) {
        id -> BigInt,
        motion_id -> BigInt,
        parent_id -> Nullable<BigInt>,
        author_id -> BigInt,
        tag -> Text,
        body -> Text,
        created_at -> Timestamp,
        hidden_at -> Nullable<Timestamp>,
        hidden_by -> Nullable<BigInt>,
        hidden_reason -> Nullable<Text>,
    }
}

diesel::table! {
    motion_amendments (id) {
        id -> BigInt,
        motion_id -> BigInt,
        member_id -> BigInt,
        author_id -> BigInt,
        base_version -> BigInt,
        text -> Text,
        reasons -> Text,
        state -> Text,
        decided_by -> Nullable<BigInt>,
        decided_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    motion_versions (motion_id, version) {
        motion_id -> BigInt,
        version -> BigInt,
        text -> Text,
        sha256 -> Text,
        source -> Text,
        amendment_id -> Nullable<BigInt>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    votes (id) {
        id -> BigInt,
        body_id -> BigInt,
        motion_id -> Nullable<BigInt>,
        meeting_id -> Nullable<BigInt>,
        question -> Text,
        method -> Text,
        seats -> BigInt,
        majority -> Text,
        quorum -> Text,
        secrecy -> Text,
        block_is_veto -> Bool,
        max_score -> BigInt,
        opens_at -> Timestamp,
        closes_at -> Timestamp,
        electorate -> BigInt,
        state -> Text,
        result -> Nullable<Text>,
        report_sha256 -> Nullable<Text>,
        ballots_sha256 -> Nullable<Text>,
        ledger_index -> Nullable<BigInt>,
        created_by -> BigInt,
        created_at -> Timestamp,
        closed_at -> Nullable<Timestamp>,
        amendment_id -> Nullable<BigInt>,
        motion_version -> Nullable<BigInt>,
    }
}

diesel::table! {
    vote_options (vote_id, position) {
        vote_id -> BigInt,
        position -> BigInt,
        label -> Text,
    }
}

diesel::table! {
    vote_electorate (vote_id, member_id) {
        vote_id -> BigInt,
        member_id -> BigInt,
        voter_id -> BigInt,
        weight -> BigInt,
    }
}

diesel::table! {
    vote_participation (vote_id, member_id) {
        vote_id -> BigInt,
        member_id -> BigInt,
    }
}

diesel::table! {
    vote_ballots (vote_id, ballot_sha256) {
        vote_id -> BigInt,
        ballot_sha256 -> Text,
        tracker_sha256 -> Text,
        ballot -> Text,
        member_id -> Nullable<BigInt>,
    }
}

diesel::table! {
    recommendations (id) {
        id -> BigInt,
        body_id -> BigInt,
        motion_id -> BigInt,
        vote_id -> BigInt,
        office_id -> BigInt,
        title -> Text,
        text -> Text,
        text_sha256 -> Text,
        sent_by -> BigInt,
        sent_at -> Timestamp,
        answer -> Nullable<Text>,
        answer_text -> Nullable<Text>,
        answer_pact_id -> Nullable<BigInt>,
        answered_by -> Nullable<BigInt>,
        answered_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    pact_endorsements (id) {
        id -> BigInt,
        body_id -> BigInt,
        pact_id -> BigInt,
        vote_id -> BigInt,
        created_by -> BigInt,
        created_at -> Timestamp,
    }
}

diesel::table! {
    token_programmes (id) {
        id -> BigInt,
        slug -> Text,
        code -> Text,
        name -> Text,
        description -> Text,
        buffer_bp -> BigInt,
        second_verifier_tokens -> BigInt,
        rate_cents -> BigInt,
        transferable -> Bool,
        serials -> BigInt,
        created_by -> BigInt,
        created_at -> Timestamp,
    }
}

diesel::table! {
    token_methodologies (id) {
        id -> BigInt,
        code -> Text,
        version -> BigInt,
        formula -> Text,
        title -> Text,
        document -> Text,
        document_sha256 -> Text,
        published_by -> BigInt,
        published_at -> Timestamp,
    }
}

diesel::table! {
    token_verifiers (id) {
        id -> BigInt,
        programme_id -> BigInt,
        user_id -> BigInt,
        accredited_by -> BigInt,
        accredited_at -> Timestamp,
    }
}

diesel::table! {
    token_assets (id) {
        id -> BigInt,
        methodology_code -> Text,
        asset -> Text,
    }
}

diesel::table! {
    token_claims (id) {
        id -> BigInt,
        programme_id -> BigInt,
        methodology_id -> BigInt,
        asset_id -> BigInt,
        claimant_id -> BigInt,
        group_id -> Nullable<BigInt>,
        starts_on -> Date,
        ends_on -> Date,
        activity -> Text,
        avoided_grams -> BigInt,
        tokens -> BigInt,
        state -> Text,
        submitted_at -> Timestamp,
        updated_at -> Timestamp,
        district_id -> Nullable<BigInt>,
    }
}

diesel::table! {
    token_evidence (id) {
        id -> BigInt,
        claim_id -> BigInt,
        sha256 -> Text,
        mime -> Text,
        bytes -> BigInt,
        label -> Text,
        uploaded_by -> BigInt,
        uploaded_at -> Timestamp,
    }
}

diesel::table! {
    token_reviews (id) {
        id -> BigInt,
        claim_id -> BigInt,
        user_id -> BigInt,
        decision -> Text,
        reason -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    token_accounts (id) {
        id -> BigInt,
        programme_id -> BigInt,
        kind -> Text,
        user_id -> Nullable<BigInt>,
        group_id -> Nullable<BigInt>,
        pseudonym -> Text,
        balance -> BigInt,
        created_at -> Timestamp,
    }
}

diesel::table! {
    token_transfers (id) {
        id -> BigInt,
        programme_id -> BigInt,
        debit_id -> BigInt,
        credit_id -> BigInt,
        amount -> BigInt,
        code -> Text,
        ledger_index -> BigInt,
        created_at -> Timestamp,
    }
}

diesel::table! {
    token_issuances (id) {
        id -> BigInt,
        programme_id -> BigInt,
        claim_id -> BigInt,
        batch -> Text,
        serial_first -> BigInt,
        serial_last -> BigInt,
        holder_tokens -> BigInt,
        buffer_tokens -> BigInt,
        avoided_grams -> BigInt,
        ledger_index -> BigInt,
        issued_at -> Timestamp,
    }
}

diesel::table! {
    token_lots (id) {
        id -> BigInt,
        programme_id -> BigInt,
        account_id -> BigInt,
        issuance_id -> BigInt,
        serial_first -> BigInt,
        serial_last -> BigInt,
        transfer_id -> BigInt,
    }
}

diesel::table! {
    token_points (id) {
        id -> BigInt,
        programme_id -> BigInt,
        slug -> Text,
        name -> Text,
        description -> Text,
        price_tokens -> BigInt,
        office_id -> Nullable<BigInt>,
        active -> Bool,
        created_at -> Timestamp,
    }
}

diesel::table! {
    token_spends (id) {
        id -> BigInt,
        programme_id -> BigInt,
        point_id -> BigInt,
        account_id -> BigInt,
        tokens -> BigInt,
        voucher -> Text,
        transfer_id -> BigInt,
        created_at -> Timestamp,
        redeemed_at -> Nullable<Timestamp>,
        redeemed_by -> Nullable<BigInt>,
    }
}

diesel::table! {
    token_exchanges (id) {
        id -> BigInt,
        programme_id -> BigInt,
        account_id -> BigInt,
        tokens -> BigInt,
        cents -> BigInt,
        state -> Text,
        hold_transfer_id -> BigInt,
        settle_transfer_id -> Nullable<BigInt>,
        requested_at -> Timestamp,
        decided_by -> Nullable<BigInt>,
        decided_at -> Nullable<Timestamp>,
        reason -> Nullable<Text>,
    }
}

diesel::table! {
    token_fund_deposits (id) {
        id -> BigInt,
        programme_id -> BigInt,
        sponsor -> Text,
        by_city -> Bool,
        cents -> BigInt,
        purpose -> Text,
        recorded_by -> BigInt,
        ledger_index -> BigInt,
        created_at -> Timestamp,
    }
}

diesel::table! {
    token_requests (id) {
        id -> BigInt,
        user_id -> BigInt,
        key -> Text,
        fingerprint -> Text,
        result -> Text,
        created_at -> Timestamp,
    }
}

diesel::joinable!(recommendations -> bodies (body_id));
diesel::joinable!(pact_endorsements -> bodies (body_id));
diesel::joinable!(user_roles -> users (user_id));
diesel::joinable!(user_identities -> users (user_id));
diesel::joinable!(oidc_sessions -> sessions (session_id));
diesel::joinable!(oidc_sessions -> user_identities (identity_id));
diesel::joinable!(body_facilitators -> bodies (body_id));
diesel::joinable!(body_members -> bodies (body_id));
diesel::joinable!(motion_comments -> motions (motion_id));
diesel::joinable!(motion_supporters -> motions (motion_id));
diesel::joinable!(motion_amendments -> motions (motion_id));
diesel::joinable!(motion_versions -> motions (motion_id));
diesel::joinable!(office_members -> offices (office_id));
diesel::joinable!(office_members -> users (user_id));
diesel::joinable!(group_members -> groups (group_id));
diesel::joinable!(group_members -> users (user_id));
diesel::joinable!(group_invitations -> groups (group_id));
diesel::joinable!(email_tokens -> users (user_id));
diesel::joinable!(sessions -> users (user_id));

diesel::table! {
    ledger_entries (idx) {
        idx -> BigInt,
        kind -> Text,
        body -> Text,
        leaf_hash -> Binary,
        created_at -> Timestamp,
    }
}

diesel::table! {
    ledger_hashes (level, idx) {
        level -> BigInt,
        idx -> BigInt,
        hash -> Binary,
    }
}

diesel::table! {
    ledger_head (id) {
        id -> BigInt,
        size -> BigInt,
    }
}

diesel::table! {
    ledger_checkpoints (size) {
        size -> BigInt,
        root -> Binary,
        note -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    commons (id) {
        id -> BigInt,
        name -> Text,
        description -> Text,
        kind -> Text,
        category -> Text,
        owner -> Text,
        address -> Text,
        why -> Text,
        rules -> Text,
        licence -> Text,
        lat -> Double,
        lng -> Double,
        site -> Nullable<Text>,
        district_id -> Nullable<BigInt>,
        status -> Text,
        listed -> Bool,
        status_reasons -> Nullable<Text>,
        proposer_id -> BigInt,
        group_id -> Nullable<BigInt>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        recognised_at -> Nullable<Timestamp>,
        asset_code -> Text,
        condition -> Text,
        restrictions -> Text,
        merged_into -> Nullable<BigInt>,
        retired_at -> Nullable<Timestamp>,
        external_id -> Nullable<Text>,
    }
}

diesel::table! {
    commons_provisioning (commons_id, provisioning) {
        commons_id -> BigInt,
        provisioning -> Text,
    }
}

diesel::table! {
    commons_photos (id) {
        id -> BigInt,
        commons_id -> BigInt,
        file_hash -> Text,
        file_type -> Text,
        byte_size -> BigInt,
        alt_text -> Text,
        uploaded_by -> Nullable<BigInt>,
        created_at -> Timestamp,
        small_hash -> Nullable<Text>,
        medium_hash -> Nullable<Text>,
        hidden_reason -> Nullable<Text>,
        hidden_by -> Nullable<BigInt>,
        hidden_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    commons_events (id) {
        id -> BigInt,
        commons_id -> BigInt,
        kind -> Text,
        actor_id -> Nullable<BigInt>,
        group_id -> Nullable<BigInt>,
        reasons -> Nullable<Text>,
        ledger_index -> Nullable<BigInt>,
        at -> Timestamp,
    }
}

diesel::table! {
    commons_changes (id) {
        id -> BigInt,
        event_id -> BigInt,
        field -> Text,
        old_value -> Text,
        new_value -> Text,
    }
}

diesel::joinable!(commons -> districts (district_id));
diesel::joinable!(commons_changes -> commons_events (event_id));
diesel::joinable!(commons_provisioning -> commons (commons_id));
diesel::joinable!(commons_photos -> commons (commons_id));

diesel::table! {
    pacts (id) {
        id -> BigInt,
        title -> Text,
        kind -> Text,
        intensity -> Text,
        state -> Text,
        listed -> Bool,
        proposer_id -> BigInt,
        group_id -> Nullable<BigInt>,
        office_id -> Nullable<BigInt>,
        act_number -> Nullable<Text>,
        district_id -> Nullable<BigInt>,
        lat -> Nullable<Double>,
        lng -> Nullable<Double>,
        address -> Text,
        version -> BigInt,
        frozen_sha256 -> Nullable<Text>,
        signed_version -> Nullable<BigInt>,
        signed_sha256 -> Nullable<Text>,
        signed_ledger_index -> Nullable<BigInt>,
        start_date -> Nullable<Date>,
        end_date -> Nullable<Date>,
        next_report_due -> Nullable<Date>,
        state_reasons -> Nullable<Text>,
        due_at -> Nullable<Timestamp>,
        state_since -> Timestamp,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        submitted_at -> Nullable<Timestamp>,
        published_at -> Nullable<Timestamp>,
        observation_closes_at -> Nullable<Timestamp>,
        signed_at -> Nullable<Timestamp>,
        official_id -> Nullable<BigInt>,
    }
}

diesel::table! {
    pact_signing_offices (pact_id, office_id) {
        pact_id -> BigInt,
        office_id -> BigInt,
    }
}

diesel::table! {
    pact_templates (category) {
        category -> Text,
        commitments -> Text,
        public_use -> Text,
        risks -> Text,
        liability -> Text,
        reporting_months -> BigInt,
        output_licence -> Text,
        termination -> Text,
        disputes -> Text,
        updated_by -> Nullable<BigInt>,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    pact_calls (id) {
        id -> BigInt,
        kind -> Text,
        office_id -> BigInt,
        title -> Text,
        description -> Text,
        commons_id -> Nullable<BigInt>,
        theme -> Text,
        criteria -> Text,
        support_offered -> Text,
        deadline -> Date,
        origin_pact_id -> Nullable<BigInt>,
        created_by -> Nullable<BigInt>,
        created_at -> Timestamp,
        chosen_pact_id -> Nullable<BigInt>,
        decision_reasons -> Nullable<Text>,
        decided_by -> Nullable<BigInt>,
        decided_at -> Nullable<Timestamp>,
        cancelled_at -> Nullable<Timestamp>,
        cancel_reasons -> Nullable<Text>,
    }
}

diesel::table! {
    pact_proposals (pact_id) {
        pact_id -> BigInt,
        participants -> Text,
        ask -> Text,
        call_id -> Nullable<BigInt>,
        drafted_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    pact_notices (id) {
        id -> BigInt,
        pact_id -> BigInt,
        reasons -> Text,
        issued_by -> Nullable<BigInt>,
        issued_at -> Timestamp,
        answer_due -> Date,
        answer -> Nullable<Text>,
        answered_by -> Nullable<BigInt>,
        answered_at -> Nullable<Timestamp>,
        decision -> Nullable<Text>,
        decision_reasons -> Nullable<Text>,
        decided_by -> Nullable<BigInt>,
        decided_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    pact_conciliations (id) {
        id -> BigInt,
        pact_id -> BigInt,
        subject -> Text,
        opened_by -> Nullable<BigInt>,
        opened_at -> Timestamp,
        proposers_member -> Text,
        city_member -> Text,
        joint_member -> Text,
        joint_agreed_by_proposers -> Bool,
        joint_agreed_by_city -> Bool,
        proposal -> Nullable<Text>,
        proposal_by -> Nullable<BigInt>,
        closed_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    pact_conciliation_sessions (id) {
        id -> BigInt,
        conciliation_id -> BigInt,
        held_on -> Date,
        minutes -> Text,
        recorded_by -> Nullable<BigInt>,
        recorded_at -> Timestamp,
    }
}

diesel::table! {
    pact_registrations (pact_id) {
        pact_id -> BigInt,
        protocol_number -> Text,
        registered_by -> Nullable<BigInt>,
        registered_at -> Timestamp,
    }
}

diesel::table! {
    pact_imports (pact_id) {
        pact_id -> BigInt,
        external_id -> Text,
        parties -> Text,
        signed_on -> Nullable<Date>,
        pdf_sha256 -> Nullable<Text>,
        ledger_index -> Nullable<BigInt>,
        imported_at -> Timestamp,
    }
}

diesel::table! {
    pact_commons (pact_id, commons_id) {
        pact_id -> BigInt,
        commons_id -> BigInt,
    }
}

diesel::table! {
    pact_versions (id) {
        id -> BigInt,
        pact_id -> BigInt,
        number -> BigInt,
        title -> Text,
        objectives -> Text,
        activities -> Text,
        start_date -> Date,
        end_date -> Date,
        commitments -> Text,
        public_use -> Text,
        risks -> Text,
        insurance_policy -> Text,
        insurer -> Text,
        insurance_expiry -> Nullable<Date>,
        liability -> Text,
        reporting_months -> BigInt,
        output_licence -> Text,
        termination -> Text,
        disputes -> Text,
        change_note -> Text,
        author_id -> Nullable<BigInt>,
        text_sha256 -> Nullable<Text>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    pact_support (id) {
        id -> BigInt,
        version_id -> BigInt,
        position -> BigInt,
        kind -> Text,
        description -> Text,
        quantity -> Text,
        period -> Text,
        value_cents -> Nullable<BigInt>,
    }
}

diesel::table! {
    pact_support_deliveries (id) {
        id -> BigInt,
        pact_id -> BigInt,
        version -> BigInt,
        position -> BigInt,
        kind -> Text,
        what -> Text,
        delivered_on -> Date,
        value_cents -> BigInt,
        recorded_by -> Nullable<BigInt>,
        recorded_at -> Timestamp,
        ledger_index -> Nullable<BigInt>,
    }
}

diesel::table! {
    pact_cosigners (pact_id, user_id) {
        pact_id -> BigInt,
        user_id -> BigInt,
        added_at -> Timestamp,
    }
}

diesel::table! {
    pact_events (id) {
        id -> BigInt,
        pact_id -> BigInt,
        kind -> Text,
        from_state -> Nullable<Text>,
        to_state -> Nullable<Text>,
        actor_id -> Nullable<BigInt>,
        actor_role -> Text,
        reasons -> Nullable<Text>,
        version -> Nullable<BigInt>,
        ledger_index -> Nullable<BigInt>,
        at -> Timestamp,
        on_behalf_of -> Nullable<BigInt>,
        detail -> Nullable<Text>,
    }
}

diesel::table! {
    pact_attachments (id) {
        id -> BigInt,
        pact_id -> BigInt,
        event_id -> Nullable<BigInt>,
        report_id -> Nullable<BigInt>,
        file_hash -> Text,
        file_type -> Text,
        file_name -> Text,
        byte_size -> BigInt,
        state -> Text,
        uploaded_by -> Nullable<BigInt>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    pact_observations (id) {
        id -> BigInt,
        pact_id -> BigInt,
        author_id -> BigInt,
        body -> Text,
        created_at -> Timestamp,
        reply -> Nullable<Text>,
        taken_into_account -> Bool,
        replied_by -> Nullable<BigInt>,
        replied_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    pact_opinions (pact_id, office_id) {
        pact_id -> BigInt,
        office_id -> BigInt,
        requested_by -> Nullable<BigInt>,
        requested_at -> Timestamp,
        opinion -> Nullable<Text>,
        body -> Nullable<Text>,
        given_by -> Nullable<BigInt>,
        given_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    pact_meetings (id) {
        id -> BigInt,
        pact_id -> BigInt,
        held_at -> Timestamp,
        place -> Text,
        minutes -> Text,
        recorded_by -> Nullable<BigInt>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    pact_signatures (id) {
        id -> BigInt,
        pact_id -> BigInt,
        version -> BigInt,
        party -> Text,
        user_id -> BigInt,
        group_id -> Nullable<BigInt>,
        text_sha256 -> Text,
        signed_at -> Timestamp,
        office_id -> Nullable<BigInt>,
        on_behalf_of -> Nullable<BigInt>,
    }
}

diesel::table! {
    pact_adherents (pact_id, user_id) {
        pact_id -> BigInt,
        user_id -> BigInt,
        version -> BigInt,
        text_sha256 -> Text,
        joined_at -> Timestamp,
    }
}

diesel::table! {
    pact_reports (id) {
        id -> BigInt,
        pact_id -> BigInt,
        due_on -> Nullable<Date>,
        objectives -> Text,
        actions -> Text,
        results -> Text,
        resources -> Text,
        volunteer_hours -> BigInt,
        author_id -> Nullable<BigInt>,
        submitted_at -> Timestamp,
        evaluation -> Nullable<Text>,
        evaluation_body -> Nullable<Text>,
        evaluated_by -> Nullable<BigInt>,
        evaluated_at -> Nullable<Timestamp>,
        ledger_index -> Nullable<BigInt>,
    }
}

diesel::table! {
    pact_reminders (pact_id, due_on, kind) {
        pact_id -> BigInt,
        due_on -> Date,
        kind -> Text,
        sent_at -> Timestamp,
    }
}

diesel::table! {
    notifications (id) {
        id -> BigInt,
        user_id -> BigInt,
        pact_id -> Nullable<BigInt>,
        kind -> Text,
        created_at -> Timestamp,
        mailed_at -> Nullable<Timestamp>,
    }
}

diesel::joinable!(pact_commons -> pacts (pact_id));
diesel::joinable!(pact_imports -> pacts (pact_id));
diesel::joinable!(pact_commons -> commons (commons_id));
diesel::joinable!(pact_versions -> pacts (pact_id));
diesel::joinable!(pact_proposals -> pacts (pact_id));
diesel::joinable!(pact_proposals -> pact_calls (call_id));
diesel::joinable!(pact_calls -> offices (office_id));
diesel::joinable!(pact_support -> pact_versions (version_id));
diesel::joinable!(pact_support_deliveries -> pacts (pact_id));
diesel::joinable!(pact_events -> pacts (pact_id));
diesel::joinable!(pact_observations -> pacts (pact_id));
diesel::joinable!(pact_opinions -> pacts (pact_id));
diesel::joinable!(pact_opinions -> offices (office_id));
diesel::joinable!(pact_signing_offices -> offices (office_id));
diesel::joinable!(pact_conciliation_sessions -> pact_conciliations (conciliation_id));
diesel::joinable!(absences -> offices (office_id));
diesel::joinable!(pact_reports -> pacts (pact_id));
diesel::joinable!(pacts -> districts (district_id));

diesel::allow_tables_to_appear_in_same_query!(
    users,
    user_identities,
    oidc_requests,
    oidc_sessions,
    oidc_office_grants,
    user_roles,
    role_audit,
    offices,
    absences,
    pact_signing_offices,
    pact_registrations,
    pact_imports,
    pact_notices,
    pact_templates,
    pact_calls,
    pact_proposals,
    pact_conciliations,
    pact_conciliation_sessions,
    office_members,
    groups,
    group_members,
    group_invitations,
    districts,
    addresses,
    email_tokens,
    sessions,
    outbox,
    ledger_entries,
    ledger_hashes,
    ledger_head,
    ledger_checkpoints,
    commons,
    commons_provisioning,
    commons_photos,
    commons_events,
    commons_changes,
    pacts,
    pact_commons,
    pact_versions,
    pact_support,
    pact_support_deliveries,
    pact_cosigners,
    pact_events,
    pact_attachments,
    pact_observations,
    pact_opinions,
    pact_meetings,
    pact_signatures,
    pact_adherents,
    pact_reports,
    pact_reminders,
    notifications,
    bodies,
    body_facilitators,
    body_members,
    meetings,
    meeting_items,
    meeting_attendance,
    motions,
    motion_supporters,
    motion_comments,
    motion_amendments,
    motion_versions,
    votes,
    vote_options,
    vote_electorate,
    vote_participation,
    vote_ballots,
    recommendations,
    pact_endorsements,
    token_programmes,
    token_methodologies,
    token_verifiers,
    token_assets,
    token_claims,
    token_evidence,
    token_reviews,
    token_accounts,
    token_transfers,
    token_issuances,
    token_lots,
    token_points,
    token_spends,
    token_exchanges,
    token_fund_deposits,
    token_requests,
);

diesel::table! {
    content_translations (id) {
        id -> BigInt,
        subject -> Text,
        subject_id -> BigInt,
        lang -> Text,
        original -> Bool,
        title -> Nullable<Text>,
        summary -> Nullable<Text>,
        description -> Nullable<Text>,
        updated_by -> Nullable<BigInt>,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    job_leases (name) {
        name -> Text,
        holder -> Text,
        acquired_at -> Timestamp,
        expires_at -> Timestamp,
        last_run_at -> Nullable<Timestamp>,
        last_error -> Nullable<Text>,
    }
}

diesel::table! {
    rate_limits (key) {
        key -> Text,
        window_ends_at -> Timestamp,
        hits -> BigInt,
    }
}
