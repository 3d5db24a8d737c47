//! AL11xx: FileUpload components against attachment data types in `applicationmetadata.json`.
//!
//! The frontend uploads a FileUpload's files as data elements whose data type is the
//! component id; Designer creates one data type per upload component and refuses component
//! ids that equal another data type id.

use super::codes::declare_codes;
use super::Ctx;
use crate::diagnostic::Diagnostic;
use crate::model::FileKind;

/// What these rules rest on in the real readers (which file and function of which version,
/// in words): printed under the code table by `altinn-ls codes`.
pub const GROUNDS: &str =
    "The frontend uploads a FileUpload's files as data elements whose data type is the \
component's id (app-frontend-react v4 AttachmentsStorePlugin: dataTypeId = the node's base id; \
StoreAttachmentsInNode reads them back by that id), and the backend's data controller refuses \
an element whose data type is not declared in applicationmetadata.json. A data type with \
appLogic.classRef is a form's data model, so a FileUpload with that id would upload files as \
form data.";

declare_codes! {
    AL1101 Warning "FileUpload component without an attachment data type of the same id",
    AL1102 Error "FileUpload component id equals the id of a form data type (one with classRef)",
}

/// Components whose files are stored as data elements of the data type named by their id.
const UPLOADS: &[&str] = &["FileUpload", "FileUploadWithTag", "ImageUpload"];

pub fn check(ctx: &mut Ctx<'_>) {
    if !matches!(ctx.file.kind, FileKind::Layout { .. }) {
        return;
    }
    let Some(meta) = ctx
        .db
        .file("config/applicationmetadata.json")
        .and_then(|f| f.json())
        .and_then(|d| d.root.as_ref())
    else {
        return;
    };
    if meta.get("dataTypes").and_then(|d| d.as_array()).is_none() {
        return;
    }
    let path = ctx.path().to_string();
    let Some(layout) = ctx
        .file
        .json()
        .and_then(|d| d.root.as_ref())
        .and_then(|r| r.pointer(&["data", "layout"]))
        .and_then(|l| l.as_array())
    else {
        return;
    };
    const META: &str = "config/applicationmetadata.json";
    for comp in layout {
        let Some(idv) = comp.get("id") else { continue };
        let Some(id) = idv.as_str() else { continue };
        let ty = crate::model::components::type_of(comp);
        let r = idv.content_range();
        if !UPLOADS.contains(&ty) {
            continue;
        }
        // Designer compares ignoring case when it renames an upload and its data type.
        let exact = ctx.model.data_type(id);
        let similar = exact.or_else(|| {
            ctx.model
                .data_types
                .iter()
                .find(|d| d.id.eq_ignore_ascii_case(id))
        });
        match similar {
            Some(dt) if dt.class_ref.is_some() => {
                ctx.report(
                    Diagnostic::new(
                        AL1102,
                        &path,
                        r,
                        format!(
                            "{ty} id '{id}' is the id of form data type '{}' (a data model); uploads would be stored as that data type and Designer refuses this id; rename the component and give it its own attachment data type",
                            dt.id
                        ),
                    )
                    .with_related(META, dt.range, "the form data type"),
                );
            }
            Some(dt) if exact.is_none() => {
                ctx.report(
                    Diagnostic::new(
                        AL1101,
                        &path,
                        r,
                        format!(
                            "{ty} '{id}' has no data type '{id}' in applicationmetadata.json, only '{}' (ids are case-sensitive); rename one so they match exactly",
                            dt.id
                        ),
                    )
                    .with_related(META, dt.range, "the data type with a different case"),
                );
            }
            Some(_) => {}
            None => {
                let mut d = Diagnostic::new(
                    AL1101,
                    &path,
                    r,
                    format!(
                        "{ty} '{id}' has no data type '{id}' in applicationmetadata.json; uploads are stored with the component id as data type, so add {{ \"id\": \"{id}\", \"allowedContentTypes\": [...], \"maxCount\": ..., \"minCount\": ... }} to dataTypes"
                    ),
                );
                if let Some(m) = meta.member("dataTypes") {
                    d = d.with_related(META, m.key_range, "data types are declared here");
                }
                ctx.report(d);
            }
        }
    }
}
