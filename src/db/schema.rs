//! Table definitions shared by both backends. Written by hand to match
//! `migrations/sqlite` and `migrations/postgres`; only types both backends share.

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
        session_epoch -> BigInt,
        created_at -> Timestamp,
        deleted_at -> Nullable<Timestamp>,
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
    }
}

diesel::joinable!(user_roles -> users (user_id));
diesel::joinable!(office_members -> offices (office_id));
diesel::joinable!(office_members -> users (user_id));
diesel::joinable!(group_members -> groups (group_id));
diesel::joinable!(group_members -> users (user_id));
diesel::joinable!(group_invitations -> groups (group_id));
diesel::joinable!(email_tokens -> users (user_id));

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

diesel::joinable!(commons -> districts (district_id));
diesel::joinable!(commons_provisioning -> commons (commons_id));
diesel::joinable!(commons_photos -> commons (commons_id));

diesel::allow_tables_to_appear_in_same_query!(
    users,
    user_roles,
    role_audit,
    offices,
    office_members,
    groups,
    group_members,
    group_invitations,
    districts,
    email_tokens,
    outbox,
    ledger_entries,
    ledger_hashes,
    ledger_head,
    ledger_checkpoints,
    commons,
    commons_provisioning,
    commons_photos,
    commons_events,
);
