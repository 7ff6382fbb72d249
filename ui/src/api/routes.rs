//! Routes: the library, one route with sections and estimate, its pictures, section
//! edits, efforts, bikes and the estimate's assumptions.

use paceline_types::{
    args, cmd, ActivityId, BikeEntry, Chart, RouteAssumptionsSet, RouteChartKind, RouteEffort,
    RouteIntensity, RouteListItem, RouteView, Theme, WireError,
};

use super::{athlete, call, call_unit};

pub async fn list_routes() -> Result<Vec<RouteListItem>, WireError> {
    let a = args::ListRoutesArgs {
        athlete_id: athlete(),
    };
    call(cmd::LIST_ROUTES, &a).await
}

/// Imports a picked GPX file's text; answers the new route's id.
pub async fn import_route(file_name: String, text: String) -> Result<i64, WireError> {
    let a = args::ImportRouteArgs {
        athlete_id: athlete(),
        file_name,
        text,
    };
    call(cmd::IMPORT_ROUTE, &a).await
}

pub async fn route_view(
    id: i64,
    intensity: Option<RouteIntensity>,
) -> Result<RouteView, WireError> {
    let a = args::RouteViewArgs {
        athlete_id: athlete(),
        id,
        intensity,
    };
    call(cmd::ROUTE_VIEW, &a).await
}

pub async fn route_chart(
    id: i64,
    kind: RouteChartKind,
    theme: Theme,
    width: u32,
    height: u32,
) -> Result<Chart, WireError> {
    let a = args::RouteChartArgs {
        athlete_id: athlete(),
        id,
        kind,
        theme,
        width,
        height,
    };
    call(cmd::ROUTE_CHART, &a).await
}

pub async fn delete_route(id: i64) -> Result<(), WireError> {
    let a = args::DeleteRouteArgs {
        athlete_id: athlete(),
        id,
    };
    call_unit(cmd::DELETE_ROUTE, &a).await
}

pub async fn split_route_section(id: i64, at_m: f64) -> Result<(), WireError> {
    let a = args::SplitRouteSectionArgs {
        athlete_id: athlete(),
        id,
        at_m,
    };
    call_unit(cmd::SPLIT_ROUTE_SECTION, &a).await
}

pub async fn merge_route_sections(id: i64, index: u32) -> Result<(), WireError> {
    let a = args::MergeRouteSectionsArgs {
        athlete_id: athlete(),
        id,
        index,
    };
    call_unit(cmd::MERGE_ROUTE_SECTIONS, &a).await
}

pub async fn rename_route_section(id: i64, index: u32, name: String) -> Result<(), WireError> {
    let a = args::RenameRouteSectionArgs {
        athlete_id: athlete(),
        id,
        index,
        name,
    };
    call_unit(cmd::RENAME_ROUTE_SECTION, &a).await
}

pub async fn reset_route_sections(id: i64) -> Result<(), WireError> {
    let a = args::ResetRouteSectionsArgs {
        athlete_id: athlete(),
        id,
    };
    call_unit(cmd::RESET_ROUTE_SECTIONS, &a).await
}

pub async fn route_efforts(id: i64) -> Result<Vec<RouteEffort>, WireError> {
    let a = args::RouteEffortsArgs {
        athlete_id: athlete(),
        id,
    };
    call(cmd::ROUTE_EFFORTS, &a).await
}

pub async fn list_bikes() -> Result<Vec<BikeEntry>, WireError> {
    let a = args::ListBikesArgs {
        athlete_id: athlete(),
    };
    call(cmd::LIST_BIKES, &a).await
}

pub async fn save_bike(bike: BikeEntry) -> Result<i64, WireError> {
    let a = args::SaveBikeArgs {
        athlete_id: athlete(),
        bike,
    };
    call(cmd::SAVE_BIKE, &a).await
}

pub async fn delete_bike(id: i64) -> Result<(), WireError> {
    let a = args::DeleteBikeArgs {
        athlete_id: athlete(),
        id,
    };
    call_unit(cmd::DELETE_BIKE, &a).await
}

pub async fn set_route_assumptions(assumptions: RouteAssumptionsSet) -> Result<(), WireError> {
    let a = args::SetRouteAssumptionsArgs {
        athlete_id: athlete(),
        assumptions,
    };
    call_unit(cmd::SET_ROUTE_ASSUMPTIONS, &a).await
}

/// Saves a recorded activity's GPS line as a route (named like the activity); answers
/// the route's id.
pub async fn save_activity_as_route(id: ActivityId) -> Result<i64, WireError> {
    let a = args::SaveActivityAsRouteArgs {
        athlete_id: athlete(),
        id,
        route_name: None,
    };
    call(cmd::SAVE_ACTIVITY_AS_ROUTE, &a).await
}
