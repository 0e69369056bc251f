/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "desk-phone-shim.h"

#include <cstdlib>
#include <cstring>
#include <string>

#include <phonenumbers/phonenumberutil.h>

using i18n::phonenumbers::PhoneNumber;
using i18n::phonenumbers::PhoneNumberUtil;

extern "C" int
desk_phone_shim_parse (const char  *input,
                       const char  *default_region,
                       char       **e164,
                       char       **international)
{
  try
    {
      const PhoneNumberUtil *util = PhoneNumberUtil::GetInstance ();
      PhoneNumber number;
      std::string out_e164, out_intl;

      switch (util->Parse (input, default_region ? default_region : "ZZ", &number))
        {
        case PhoneNumberUtil::NO_PARSING_ERROR:
          break;
        case PhoneNumberUtil::INVALID_COUNTRY_CODE_ERROR:
          return DESK_PHONE_SHIM_UNKNOWN_COUNTRY;
        case PhoneNumberUtil::TOO_SHORT_AFTER_IDD:
        case PhoneNumberUtil::TOO_SHORT_NSN:
          return DESK_PHONE_SHIM_TOO_SHORT;
        case PhoneNumberUtil::TOO_LONG_NSN:
          return DESK_PHONE_SHIM_TOO_LONG;
        default:
          return DESK_PHONE_SHIM_NOT_A_NUMBER;
        }

      if (!util->IsValidNumber (number))
        {
          switch (util->IsPossibleNumberWithReason (number))
            {
            case PhoneNumberUtil::TOO_SHORT:
              return DESK_PHONE_SHIM_TOO_SHORT;
            case PhoneNumberUtil::TOO_LONG:
              return DESK_PHONE_SHIM_TOO_LONG;
            default:
              return DESK_PHONE_SHIM_INVALID;
            }
        }

      util->Format (number, PhoneNumberUtil::E164, &out_e164);
      util->Format (number, PhoneNumberUtil::INTERNATIONAL, &out_intl);
      *e164 = strdup (out_e164.c_str ());
      *international = strdup (out_intl.c_str ());
      if (*e164 == nullptr || *international == nullptr)
        {
          free (*e164);
          free (*international);
          return DESK_PHONE_SHIM_NOT_A_NUMBER;
        }
      return DESK_PHONE_SHIM_OK;
    }
  catch (...)
    {
      return DESK_PHONE_SHIM_NOT_A_NUMBER;
    }
}
