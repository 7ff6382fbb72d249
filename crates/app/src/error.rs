//! Errors of the application layer and their wire form.

use paceline_types::{ErrorCode, WireError};

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error(transparent)]
    Store(#[from] paceline_store::Error),
    #[error("{0}")]
    InvalidInput(String),
    /// Bad logbook input (a set without reps, a journal scale out of range...).
    #[error(transparent)]
    Logbook(crate::logbook::LogbookError),
    /// Something other than an activity (a threshold entry) is not there.
    #[error("{0}")]
    NotFound(String),
    #[error("{0}")]
    Internal(String),
}

impl AppError {
    pub fn code(&self) -> ErrorCode {
        use paceline_store::Error as S;
        match self {
            AppError::Store(S::NotFound(_) | S::AthleteNotFound(_) | S::Missing { .. })
            | AppError::NotFound(_) => ErrorCode::NotFound,
            AppError::Store(
                S::WrongKey
                | S::PassphraseRequired
                | S::KeyMissing
                | S::NoKeyring(_)
                | S::SchemaTooNew { .. }
                | S::Damaged(_),
            ) => ErrorCode::Vault,
            AppError::InvalidInput(_)
            | AppError::Logbook(_)
            | AppError::Store(S::SecretName | S::SecretValue(_) | S::Backup(_)) => {
                ErrorCode::InvalidInput
            }
            AppError::Store(_) | AppError::Internal(_) => ErrorCode::Internal,
        }
    }
}

impl From<AppError> for WireError {
    fn from(e: AppError) -> Self {
        WireError {
            code: e.code(),
            message: e.to_string(),
        }
    }
}
