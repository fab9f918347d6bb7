//! The migration-control conformance checks (`berkut_testkit::people`) on
//! a fresh SQLite store and a fresh PostgreSQL database each.

use berkut_testkit::{people, runtime, suite::Target};

macro_rules! people_conformance {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            use super::*;
            $(#[test]
            fn $name() {
                runtime().block_on(async { people::$name(Target::sqlite().await).await });
            })*
        }
        mod postgres {
            use super::*;
            $(#[test]
            fn $name() {
                runtime().block_on(async {
                    if let Some(t) = Target::postgres(concat!("people::", stringify!($name))).await {
                        people::$name(t).await;
                    }
                });
            })*
        }
    };
}

people_conformance!(
    stays_follow_screenings,
    overstays_and_proposals,
    applications_and_rescreen_cursor,
);
