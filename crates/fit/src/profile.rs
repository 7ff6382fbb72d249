//! The slice of the FIT profile Paceline uses: message numbers, base types and
//! enum values (checked against the generated profile of the `fitparser` crate).

/// Global message numbers.
pub mod mesg {
    pub const FILE_ID: u16 = 0;
    pub const SPORT: u16 = 12;
    pub const SESSION: u16 = 18;
    pub const LAP: u16 = 19;
    pub const RECORD: u16 = 20;
    pub const EVENT: u16 = 21;
    pub const DEVICE_INFO: u16 = 23;
    pub const WORKOUT: u16 = 26;
    pub const WORKOUT_STEP: u16 = 27;
    pub const ACTIVITY: u16 = 34;
    pub const HRV: u16 = 78;
    pub const LENGTH: u16 = 101;
    pub const FIELD_DESCRIPTION: u16 = 206;
    pub const DEVELOPER_DATA_ID: u16 = 207;
    pub const SET: u16 = 225;
}

/// Base type bytes as they appear in definition messages.
pub mod base {
    pub const ENUM: u8 = 0x00;
    pub const SINT8: u8 = 0x01;
    pub const UINT8: u8 = 0x02;
    pub const SINT16: u8 = 0x83;
    pub const UINT16: u8 = 0x84;
    pub const SINT32: u8 = 0x85;
    pub const UINT32: u8 = 0x86;
    pub const STRING: u8 = 0x07;
    pub const FLOAT32: u8 = 0x88;
    pub const FLOAT64: u8 = 0x89;
    pub const UINT8Z: u8 = 0x0A;
    pub const UINT16Z: u8 = 0x8B;
    pub const UINT32Z: u8 = 0x8C;
    pub const BYTE: u8 = 0x0D;
    pub const SINT64: u8 = 0x8E;
    pub const UINT64: u8 = 0x8F;
    pub const UINT64Z: u8 = 0x90;

    /// Natural size in bytes of a base type (low 5 bits are the type id).
    pub fn size(base: u8) -> usize {
        match base & 0x1F {
            0x00..=0x02 | 0x07 | 0x0A | 0x0D => 1,
            0x03 | 0x04 | 0x0B => 2,
            0x05 | 0x06 | 0x08 | 0x0C => 4,
            0x09 | 0x0E..=0x10 => 8,
            _ => 1,
        }
    }
}

/// File types (file_id.type).
pub mod file_type {
    pub const SETTINGS: u8 = 2;
    pub const ACTIVITY: u8 = 4;
    pub const WORKOUT: u8 = 5;
    /// Sessions and laps without records, as older Garmin devices (the Garmin Swim,
    /// early Forerunners) write them.
    pub const ACTIVITY_SUMMARY: u8 = 20;
}

/// `manufacturer = development`, what a non-registered producer must use.
pub const MANUFACTURER_DEVELOPMENT: u16 = 255;

/// `event` enum values used by Paceline.
pub mod event {
    pub const TIMER: u8 = 0;
    pub const SESSION: u8 = 8;
    pub const LAP: u8 = 9;
    pub const ACTIVITY: u8 = 26;
    pub const LENGTH: u8 = 28;
}

/// `event_type` enum values.
pub mod event_type {
    pub const START: u8 = 0;
    pub const STOP: u8 = 1;
    pub const STOP_ALL: u8 = 4;
    pub const STOP_DISABLE_ALL: u8 = 9;
}

macro_rules! open_enum {
    ($(#[$m:meta])* $name:ident { $($(#[$vm:meta])* $c:ident = $v:expr => $s:expr),* $(,)? }) => {
        $(#[$m])*
        /// Open enum: unknown profile values survive a decode/encode round trip.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
        pub struct $name(pub u8);
        impl $name {
            $($(#[$vm])* pub const $c: $name = $name($v);)*
            /// Profile name (snake_case), `None` for values we do not name.
            pub fn name(self) -> Option<&'static str> {
                match self.0 { $($v => Some($s),)* _ => None }
            }
        }
        impl From<u8> for $name { fn from(v: u8) -> Self { $name(v) } }
        impl From<$name> for u8 { fn from(v: $name) -> u8 { v.0 } }
    };
}

open_enum!(
    /// `sport` (profile type `sport`).
    Sport {
        GENERIC = 0 => "generic", RUNNING = 1 => "running", CYCLING = 2 => "cycling",
        TRANSITION = 3 => "transition", FITNESS_EQUIPMENT = 4 => "fitness_equipment",
        SWIMMING = 5 => "swimming", TRAINING = 10 => "training", WALKING = 11 => "walking",
        CROSS_COUNTRY_SKIING = 12 => "cross_country_skiing", ROWING = 15 => "rowing",
        MOUNTAINEERING = 16 => "mountaineering", HIKING = 17 => "hiking",
        MULTISPORT = 18 => "multisport", PADDLING = 19 => "paddling", E_BIKING = 21 => "e_biking",
        INVALID = 255 => "invalid",
    }
);

open_enum!(
    /// `sub_sport` (profile type `sub_sport`).
    SubSport {
        GENERIC = 0 => "generic", TREADMILL = 1 => "treadmill", STREET = 2 => "street",
        TRAIL = 3 => "trail", TRACK = 4 => "track", SPIN = 5 => "spin",
        INDOOR_CYCLING = 6 => "indoor_cycling", ROAD = 7 => "road", MOUNTAIN = 8 => "mountain",
        CYCLOCROSS = 11 => "cyclocross", TRACK_CYCLING = 13 => "track_cycling",
        INDOOR_ROWING = 14 => "indoor_rowing", ELLIPTICAL = 15 => "elliptical",
        LAP_SWIMMING = 17 => "lap_swimming", OPEN_WATER = 18 => "open_water",
        FLEXIBILITY_TRAINING = 19 => "flexibility_training",
        STRENGTH_TRAINING = 20 => "strength_training", CARDIO_TRAINING = 26 => "cardio_training",
        YOGA = 43 => "yoga", INDOOR_RUNNING = 45 => "indoor_running",
        GRAVEL_CYCLING = 46 => "gravel_cycling", VIRTUAL_ACTIVITY = 58 => "virtual_activity",
        INVALID = 255 => "invalid",
    }
);

open_enum!(
    /// `swim_stroke`.
    SwimStroke {
        FREESTYLE = 0 => "freestyle", BACKSTROKE = 1 => "backstroke",
        BREASTSTROKE = 2 => "breaststroke", BUTTERFLY = 3 => "butterfly", DRILL = 4 => "drill",
        MIXED = 5 => "mixed", IM = 6 => "im",
    }
);

open_enum!(
    /// `intensity` (workout steps and laps).
    Intensity {
        ACTIVE = 0 => "active", REST = 1 => "rest", WARMUP = 2 => "warmup",
        COOLDOWN = 3 => "cooldown", RECOVERY = 4 => "recovery", INTERVAL = 5 => "interval",
        OTHER = 6 => "other",
    }
);

/// Sub-sports for the common sports, re-exported as a pair for convenience.
pub type SportPair = (Sport, SubSport);
